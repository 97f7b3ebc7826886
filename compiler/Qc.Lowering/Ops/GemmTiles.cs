using Qc.Core.Tensors;
using Qc.Ir.Kernel;

namespace Qc.Lowering.Ops;

/// <summary>Register-blocked matrix-product tiles shared by MatMul/Gemm and Conv: C[m, n] = Σ_k A[m, k]·B[k, n] with
/// B rows contiguous along n. A tile is <c>mr</c> rows × <c>nv</c> vectors of <c>l</c> consecutive columns, its
/// mr·nv accumulators carried through the K loop (enough independent FMA chains to hide the FMA latency), one
/// broadcast A element per row and one vector load of B per vector and k.</summary>
/// <remarks>Columns: blocks of <see cref="ColumnVectors"/> vectors, then the remaining whole vectors, then, when the
/// row length is not a multiple of the vector, one more vector ending at the last column: it recomputes a few columns
/// of the previous vector and stores the identical values again (same loop iteration, so no parallel overlap), which
/// keeps every tail vectorized. Weights used as A are packed at compile time into the order a tile reads
/// (<see cref="PackRows"/>).</remarks>
internal static class GemmTiles
{
    /// <summary>Rows per tile for <paramref name="m"/> rows: 8 or 6 when one divides m (else 6 with a remainder tile),
    /// or all rows when there are fewer than 6.</summary>
    public static int RowBlock(long m) => m % 8 == 0 ? 8 : m % 6 == 0 || m > 6 ? 6 : (int)m;

    /// <summary>Vectors per tile for <paramref name="mr"/> rows: at most 24 accumulators with 16 lanes (AVX-512 has 32
    /// vector registers), at most 12 with narrower vectors (AVX2 has 16).</summary>
    public static int ColumnVectors(int mr, int lanes) => lanes >= 16
        ? (mr >= 6 ? 3 : mr >= 4 ? 4 : 6)
        : Math.Clamp(12 / mr, 1, 4);

    /// <summary>The vector width for rows of <paramref name="n"/> columns: <paramref name="lanes"/>, or the largest power
    /// of two not above n when the row is shorter (1 below 2).</summary>
    public static int Lanes(long n, int lanes)
    {
        if (lanes <= 1 || n >= lanes)
        {
            return Math.Max(1, lanes);
        }

        var l = 1;
        while (l * 2 <= n)
        {
            l *= 2;
        }

        return l >= 2 ? l : 1;
    }

    /// <summary>Calls <paramref name="tile"/>(first column, vectors, lanes) for every column tile of a row of
    /// <paramref name="n"/> columns (see the class remarks for the tail).</summary>
    public static void Columns(KernelBuilder b, long n, int lanes, int nv, Action<KernelValue, int, int> tile)
    {
        var vectors = n / lanes;
        var whole = vectors / nv * nv;
        if (whole > 0)
        {
            b.For(0, whole * lanes, nv * lanes, j => tile(j, nv, lanes), name: "j");
        }

        if (vectors > whole)
        {
            tile(b.Index(whole * lanes), (int)(vectors - whole), lanes);
        }

        if (n % lanes != 0)
        {
            tile(b.Index(n - lanes), 1, lanes);
        }
    }

    /// <summary>How to split each row of <paramref name="n"/> columns into parts (parallel iterations of their own) when
    /// <paramref name="rowBlocks"/> row tiles alone give fewer than <paramref name="target"/> iterations
    /// (<see cref="LoweringOptions.ParallelIterations"/>): the part count and the columns of every part but the last (a
    /// whole number of tiles of <paramref name="tileWidth"/>); the last part takes the rest. (1, n) when the row is not split.</summary>
    public static (long Parts, long Chunk) ColumnParts(long rowBlocks, long n, long tileWidth, long target)
    {
        var tiles = n / tileWidth;
        if (rowBlocks >= target || tiles < 2)
        {
            return (1, n);
        }

        var wanted = Math.Min((target + rowBlocks - 1) / rowBlocks, tiles);
        var perPart = (tiles + wanted - 1) / wanted;
        return ((tiles + perPart - 1) / perPart, perPart * tileWidth);
    }

    /// <summary>The parallel loop nest of <paramref name="batch"/> matrix products of <paramref name="m"/> rows ×
    /// <paramref name="n"/> columns: row tiles of <see cref="RowBlock"/> rows (and one remainder tile), each row split into
    /// parts (<see cref="ColumnParts"/>) when the tiles are fewer than <paramref name="parallelIterations"/>; one parallel
    /// iteration per (product, row tile, part). <paramref name="rowTile"/>(product, first row, rows) is called once per
    /// iteration and returns the tile body that <see cref="Columns"/> calls for each column tile of the part.</summary>
    public static void Loop(KernelBuilder b, long batch, long m, long n, int lanes, int registerLanes, long parallelIterations,
        Func<KernelValue, KernelValue, int, Action<KernelValue, int, int>> rowTile)
    {
        var mr = RowBlock(m);
        var full = m / mr * mr;
        Tiles(0, full, mr);
        if (full < m)
        {
            Tiles(full, m - full, (int)(m - full));
        }

        void Tiles(long first, long rows, int tileRows)
        {
            var blocks = rows / tileRows;
            var nv = ColumnVectors(tileRows, registerLanes);
            var (parts, chunk) = ColumnParts(batch * blocks, n, nv * lanes, parallelIterations);
            b.For(0, batch * blocks * parts, 1, tp =>
            {
                var part = parts == 1 ? null : b.Rem(tp, parts);
                var t = parts == 1 ? tp : b.Div(tp, parts);
                var product = batch == 1 ? b.Index(0) : blocks == 1 ? t : b.Div(t, blocks);
                var i0 = b.Affine(first, (blocks == 1 ? 0 : batch == 1 ? t : b.Rem(t, blocks), tileRows));
                PartColumns(b, n, part, parts, chunk, lanes, nv, rowTile(product, i0, tileRows));
            }, parallel: true, name: "t");
        }
    }

    /// <summary><see cref="Columns"/> over part <paramref name="part"/> (null: the whole row) of a row split by
    /// <see cref="ColumnParts"/>: columns [part·chunk, part·chunk + chunk), or up to n for the last part.</summary>
    public static void PartColumns(KernelBuilder b, long n, KernelValue? part, long parts, long chunk, int lanes, int nv,
        Action<KernelValue, int, int> tile)
    {
        if (part is null)
        {
            Columns(b, n, lanes, nv, tile);
            return;
        }

        var first = b.Mul(part, chunk);
        var last = (parts - 1) * chunk;
        b.If(b.Lt(part, b.Index(parts - 1)),
            () => Columns(b, chunk, lanes, nv, (j, vs, l) => tile(b.Add(first, j), vs, l)),
            () => Columns(b, n - last, lanes, nv, (j, vs, l) => tile(b.Add(j, last), vs, l)));
    }

    /// <summary>One k step of a tile: <c>acc[r·nv + v] += splat(a(r)) · bv[v]</c>.</summary>
    public static void Fmas(KernelBuilder b, KernelValue[] acc, int mr, KernelValue[] bv, Func<int, KernelValue> a, int lanes)
    {
        for (var r = 0; r < mr; r++)
        {
            var s = Rows.Splat(b, a(r), lanes);
            for (var v = 0; v < bv.Length; v++)
            {
                acc[(r * bv.Length) + v] = b.Fma(s, bv[v], acc[(r * bv.Length) + v]);
            }
        }
    }

    /// <summary>Packs an f32 matrix [m, k] (row-major, any trailing dims flattened into k) for tiles of
    /// <paramref name="mr"/> rows: the block of rows starting at m0 (mr rows, or the remainder) is stored from m0·k on as
    /// [k][rows], so a tile reads its rows' elements for one k from consecutive addresses.</summary>
    public static TensorData PackRows(TensorData data, int mr)
    {
        var m = (int)data.Dims[0];
        var k = (int)(data.ElementCount / m);
        var src = data.AsSpan<float>();
        var dst = new float[src.Length];
        for (var m0 = 0; m0 < m; m0 += mr)
        {
            var rows = Math.Min(mr, m - m0);
            for (var kk = 0; kk < k; kk++)
            {
                for (var r = 0; r < rows; r++)
                {
                    dst[(m0 * k) + (kk * rows) + r] = src[((m0 + r) * k) + kk];
                }
            }
        }

        return TensorData.Create<float>([m, k], dst);
    }
}
