namespace Qc.Ir.Graph;

/// <summary>Registers the Reduction op family: Reduce*, ArgMax/ArgMin, CumSum and TopK.</summary>
internal static class ReductionOps
{
    private static readonly (string OpType, string Mnemonic)[] s_reduce =
    [
        ("ReduceSum", "reduce_sum"), ("ReduceMean", "reduce_mean"), ("ReduceMax", "reduce_max"), ("ReduceMin", "reduce_min"),
        ("ReduceProd", "reduce_prod"), ("ReduceL1", "reduce_l1"), ("ReduceL2", "reduce_l2"), ("ReduceLogSum", "reduce_log_sum"),
        ("ReduceLogSumExp", "reduce_log_sum_exp"), ("ReduceSumSquare", "reduce_sum_square"),
    ];

    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        foreach (var (opType, mnemonic) in s_reduce)
        {
            r.Add(opType, mnemonic, (1, 2), (1, 1), "keepdims:INT noop_with_empty_axes:INT", (s, i) => new ReduceOp(s, i));
        }

        r.Add("ArgMax", "arg_max", (1, 1), (1, 1), "axis:INT keepdims:INT select_last_index:INT", (s, i) => new ArgReduceOp(s, i));
        r.Add("ArgMin", "arg_min", (1, 1), (1, 1), "axis:INT keepdims:INT select_last_index:INT", (s, i) => new ArgReduceOp(s, i));
        r.Add("CumSum", "cum_sum", (2, 2), (1, 1), "exclusive:INT reverse:INT", (s, i) => new CumSumOp(s, i));
        r.Add("TopK", "top_k", (2, 2), (2, 2), "axis:INT largest:INT sorted:INT", (s, i) => new TopKOp(s, i));
    }
}
