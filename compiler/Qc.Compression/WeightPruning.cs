using System.Globalization;
using Qc.Core.Diagnostics;

namespace Qc.Compression;

/// <summary>Weight pruning without changing shapes: unstructured magnitude pruning and N:M structured sparsity.</summary>
public static class WeightPruning
{
    /// <summary>Zeroes the <c>round_half_even(sparsity·n)</c> weights of smallest magnitude; null with QC4205 when sparsity ∉ [0, 1).</summary>
    /// <remarks>Ties in |w| are broken by position: the earlier weight (row-major in the stored layout) is pruned first.</remarks>
    public static PrunedLayer? Magnitude(WeightLayer layer, double sparsity, DiagnosticBag diagnostics, Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!(sparsity >= 0 && sparsity < 1))
        {
            CompressionDiagnostics.ReportSparsityOutOfRange(diagnostics, location ?? CompressionDiagnostics.Locate(layer.Op), "sparsity", sparsity, "[0, 1)");
            return null;
        }

        var stored = layer.WeightData.ToArray<float>();
        var zeroed = PruneSmallest(stored, sparsity);
        return new PrunedLayer(layer, layer.ToMatrix(stored), Qc.Core.Tensors.TensorData.Create<float>(layer.WeightData.Dims.AsSpan(), stored), zeroed);
    }

    /// <summary>Keeps the <paramref name="n"/> largest |w| of every <paramref name="m"/> consecutive weights along the reduced
    /// dimension (view rows); null with QC4203 (pattern) or QC4204 (cols not divisible by m).</summary>
    /// <remarks>Ties keep the earlier weight. A conv's reduced dimension is C/g·kh·kw, so a group of M may span kernel positions and channels.</remarks>
    public static PrunedLayer? NM(WeightLayer layer, int n, int m, DiagnosticBag diagnostics, Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var where = location ?? CompressionDiagnostics.Locate(layer.Op);
        if (!(n > 0 && n < m))
        {
            CompressionDiagnostics.ReportInvalidNm(diagnostics, where, n, m);
            return null;
        }

        if (layer.Cols % m != 0)
        {
            CompressionDiagnostics.ReportNmNotDividing(diagnostics, where, layer.Name, layer.Cols, m);
            return null;
        }

        var matrix = layer.ToMatrix();
        var zeroed = PruneNM(matrix, n, m);
        return new PrunedLayer(layer, matrix, layer.FromMatrix(matrix), zeroed);
    }

    /// <summary>Zeroes exactly <c>round_half_even(sparsity·length)</c> entries of smallest |w| (ties: lower index first); returns that count.</summary>
    public static long PruneSmallest(Span<float> weights, double sparsity)
    {
        if (!(sparsity >= 0 && sparsity < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity.ToString(CultureInfo.InvariantCulture));
        }

        var count = (int)Math.Round(sparsity * weights.Length, MidpointRounding.ToEven);
        if (count == 0)
        {
            return 0;
        }

        // Sort keys (|w|, index) packed into one 64-bit key: |w| bits are monotone for non-negative floats; NaN sorts last.
        var keys = new ulong[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var a = MathF.Abs(weights[i]);
            var bits = float.IsNaN(a) ? uint.MaxValue : BitConverter.SingleToUInt32Bits(a);
            keys[i] = ((ulong)bits << 32) | (uint)i;
        }

        keys.AsSpan().Sort();
        for (var k = 0; k < count; k++)
        {
            weights[(int)(uint)keys[k]] = 0;
        }

        return count;
    }

    /// <summary>In each run of <paramref name="m"/> consecutive entries keeps the <paramref name="n"/> largest |w| (ties: earlier kept); returns how many were zeroed.</summary>
    public static long PruneNM(Span<float> values, int n, int m)
    {
        if (!(n > 0 && n < m) || values.Length % m != 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{n}:{m} does not fit {values.Length} values"));
        }

        Span<int> order = m <= 64 ? stackalloc int[m] : new int[m];
        long zeroed = 0;
        for (var start = 0; start < values.Length; start += m)
        {
            var group = values.Slice(start, m);
            for (var i = 0; i < m; i++)
            {
                order[i] = i;
            }

            // Insertion sort by decreasing |w|, stable (earlier first among equals); m is small.
            for (var i = 1; i < m; i++)
            {
                var x = order[i];
                var ax = Magnitude(group[x]);
                var j = i - 1;
                while (j >= 0 && Magnitude(group[order[j]]) < ax)
                {
                    order[j + 1] = order[j];
                    j--;
                }

                order[j + 1] = x;
            }

            for (var i = n; i < m; i++)
            {
                group[order[i]] = 0;
                zeroed++;
            }
        }

        return zeroed;
    }

    private static float Magnitude(float w) => float.IsNaN(w) ? float.PositiveInfinity : MathF.Abs(w);
}
