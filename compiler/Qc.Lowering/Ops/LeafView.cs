namespace Qc.Lowering.Ops;

/// <summary>How an operand of an elementwise computation is indexed from the indices of the result ("root") shape:
/// element index = Σ_k (idx_k / Divisor_k) · Stride_k. Broadcast axes have stride 0.</summary>
internal sealed class LeafView
{
    private LeafView(long[] strides, long[] divisors)
    {
        Strides = strides;
        Divisors = divisors;
    }

    public long[] Strides { get; private set; }

    public long[] Divisors { get; private set; }

    /// <summary>ONNX multidirectional broadcasting: <paramref name="shape"/> right-aligned against <paramref name="root"/>.</summary>
    public static LeafView Broadcast(long[] shape, long[] root)
    {
        var strides = new long[root.Length];
        long s = 1;
        for (var k = shape.Length - 1; k >= 0; k--)
        {
            var axis = root.Length - shape.Length + k;
            if (axis >= 0 && shape[k] != 1)
            {
                strides[axis] = s;
            }

            s *= shape[k];
        }

        return new LeafView(strides, Ones(root.Length));
    }

    /// <summary>A vector of length root[axis] (or 1) along one axis of the root (BatchNormalization, per-axis scales).</summary>
    public static LeafView Axis(long length, long[] root, int axis)
    {
        var strides = new long[root.Length];
        if (length != 1)
        {
            strides[axis] = 1;
        }

        return new LeafView(strides, Ones(root.Length));
    }

    /// <summary>A tensor of the root's rank whose <paramref name="axis"/> holds one element per block of <paramref name="block"/>.</summary>
    public static LeafView Blocked(long[] shape, long[] root, int axis, long block)
    {
        var view = Broadcast(shape, root);
        if (shape[axis] != 1 || root[axis] != 1)
        {
            view.Divisors[axis] = block;
            var s = 1L;
            for (var k = shape.Length - 1; k > axis; k--)
            {
                s *= shape[k];
            }

            view.Strides[axis] = s;
        }

        return view;
    }

    /// <summary>True when axes <paramref name="k"/> and k+1 of a root of <paramref name="root"/> can be merged into one.</summary>
    public bool Mergeable(int k, long[] root) =>
        Divisors[k] == 1 && Divisors[k + 1] == 1 && Strides[k] == Strides[k + 1] * root[k + 1];

    /// <summary>Merges axes k and k+1 (after <see cref="Mergeable"/>).</summary>
    public void Merge(int k)
    {
        Strides = [.. Strides[..k], Strides[k + 1], .. Strides[(k + 2)..]];
        Divisors = [.. Divisors[..k], 1, .. Divisors[(k + 2)..]];
    }

    /// <summary>True when lanes along the last axis are contiguous (stride 1) or one broadcast element (stride 0).</summary>
    public bool VectorFriendly => Strides.Length == 0 || (Divisors[^1] == 1 && Strides[^1] is 0 or 1);

    private static long[] Ones(int n) => Enumerable.Repeat(1L, n).ToArray();
}
