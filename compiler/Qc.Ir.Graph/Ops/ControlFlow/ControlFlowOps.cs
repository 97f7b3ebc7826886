namespace Qc.Ir.Graph;

/// <summary>Registers the control-flow ops: If, Loop, Scan and SequenceMap, whose ONNX graph attributes are regions.</summary>
internal static class ControlFlowOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.Add("If", "if", (1, 1), (1, OpSchema.Variadic), "", (s, i) => new IfOp(s, i), regions: "then_branch else_branch");
        r.Add("Loop", "loop", (1, OpSchema.Variadic), (1, OpSchema.Variadic), "", (s, i) => new LoopOp(s, i), regions: "body");
        r.Add("Scan", "scan", (1, OpSchema.Variadic), (1, OpSchema.Variadic),
            "num_scan_inputs:INT! scan_input_axes:INTS scan_input_directions:INTS scan_output_axes:INTS scan_output_directions:INTS",
            (s, i) => new ScanOp(s, i), regions: "body");
        r.Add("SequenceMap", "sequence_map", (1, OpSchema.Variadic), (1, OpSchema.Variadic), "", (s, i) => new SequenceMapOp(s, i),
            regions: "body");
    }
}
