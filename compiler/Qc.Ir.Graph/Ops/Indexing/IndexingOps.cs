namespace Qc.Ir.Graph;

/// <summary>Registers the Indexing op family: gathers, scatters, one-hot, non-zero, compress, reverse-sequence, unique and NMS.</summary>
internal static class IndexingOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.Add("Gather", "gather", (2, 2), (1, 1), "axis:INT", (s, i) => new GatherOp(s, i));
        r.Add("GatherElements", "gather_elements", (2, 2), (1, 1), "axis:INT", (s, i) => new GatherElementsOp(s, i));
        r.Add("GatherND", "gather_nd", (2, 2), (1, 1), "batch_dims:INT", (s, i) => new GatherNdOp(s, i));
        r.Add("Scatter", "scatter", (3, 3), (1, 1), "axis:INT", (s, i) => new ScatterOp(s, i));
        r.Add("ScatterElements", "scatter_elements", (3, 3), (1, 1), "axis:INT reduction:STRING", (s, i) => new ScatterOp(s, i));
        r.Add("ScatterND", "scatter_nd", (3, 3), (1, 1), "reduction:STRING", (s, i) => new ScatterOp(s, i));
        r.Add("OneHot", "one_hot", (3, 3), (1, 1), "axis:INT", (s, i) => new OneHotOp(s, i));
        r.Add("NonZero", "non_zero", (1, 1), (1, 1), "", (s, i) => new NonZeroOp(s, i));
        r.Add("Compress", "compress", (2, 2), (1, 1), "axis:INT", (s, i) => new CompressOp(s, i));
        r.Add("ReverseSequence", "reverse_sequence", (2, 2), (1, 1), "batch_axis:INT time_axis:INT", (s, i) => new ReverseSequenceOp(s, i));
        r.Add("Unique", "unique", (1, 1), (1, 4), "axis:INT sorted:INT", (s, i) => new UniqueOp(s, i));
        r.Add("NonMaxSuppression", "non_max_suppression", (2, 5), (1, 1), "center_point_box:INT", (s, i) => new NonMaxSuppressionOp(s, i));
    }
}
