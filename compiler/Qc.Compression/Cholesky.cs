namespace Qc.Compression;

/// <summary>Dense Cholesky factorization and the inverse built from it (double precision, row-major n×n).</summary>
internal static class Cholesky
{
    /// <summary>Factors symmetric <paramref name="a"/> = L·Lᵀ in place (L in the lower triangle, upper zeroed); false if not positive definite.</summary>
    public static bool TryFactor(double[] a, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var rowI = a.AsSpan(i * n, n);
            for (var j = 0; j <= i; j++)
            {
                var rowJ = a.AsSpan(j * n, n);
                var s = rowI[j] - VectorMath.Dot(rowI[..j], rowJ[..j]);
                if (i == j)
                {
                    if (!(s > 0) || !double.IsFinite(s))
                    {
                        return false;
                    }

                    rowI[i] = Math.Sqrt(s);
                }
                else
                {
                    rowI[j] = s / rowJ[j];
                }
            }

            rowI[(i + 1)..].Clear();
        }

        return true;
    }

    /// <summary>(L·Lᵀ)⁻¹ from the lower factor <paramref name="l"/>, as a full symmetric matrix.</summary>
    public static double[] InverseFromFactor(double[] l, int n)
    {
        // linvT[j, k] = (L⁻¹)[k, j] for k ≥ j: row j of linvT is column j of L⁻¹, contiguous.
        var linvT = new double[(long)n * n];
        for (var i = 0; i < n; i++)
        {
            var rowL = l.AsSpan(i * n, n);
            var inv = 1.0 / rowL[i];
            linvT[(i * n) + i] = inv;
            for (var j = 0; j < i; j++)
            {
                var s = VectorMath.Dot(rowL[j..i], linvT.AsSpan((j * n) + j, i - j));
                linvT[(j * n) + i] = -s * inv;
            }
        }

        var result = new double[(long)n * n];
        for (var i = 0; i < n; i++)
        {
            var ri = linvT.AsSpan(i * n, n);
            for (var j = i; j < n; j++)
            {
                var v = VectorMath.Dot(ri[j..], linvT.AsSpan((j * n) + j, n - j));
                result[(i * n) + j] = v;
                result[(j * n) + i] = v;
            }
        }

        return result;
    }
}
