namespace Qc.Ir.Graph;

/// <summary>Registers the sequence and optional ops.</summary>
internal static class SequenceOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.Add("SequenceEmpty", "sequence_empty", (0, 0), (1, 1), "dtype:INT", (s, i) => new SequenceEmptyOp(s, i));
        r.Add("SequenceConstruct", "sequence_construct", (1, OpSchema.Variadic), (1, 1), "", (s, i) => new SequenceConstructOp(s, i));
        r.Add("SequenceInsert", "sequence_insert", (2, 3), (1, 1), "", (s, i) => new SequenceInsertOp(s, i));
        r.Add("SequenceAt", "sequence_at", (2, 2), (1, 1), "", (s, i) => new SequenceAtOp(s, i));
        r.Add("SequenceErase", "sequence_erase", (1, 2), (1, 1), "", (s, i) => new SequenceEraseOp(s, i));
        r.Add("SequenceLength", "sequence_length", (1, 1), (1, 1), "", (s, i) => new SequenceLengthOp(s, i));
        r.Add("ConcatFromSequence", "concat_from_sequence", (1, 1), (1, 1), "axis:INT! new_axis:INT", (s, i) => new ConcatFromSequenceOp(s, i));
        r.Add("SplitToSequence", "split_to_sequence", (1, 2), (1, 1), "axis:INT keepdims:INT", (s, i) => new SplitToSequenceOp(s, i));
        r.Add("Optional", "optional", (0, 1), (1, 1), "type:TYPE", (s, i) => new OptionalOp(s, i));
        r.Add("OptionalHasElement", "optional_has_element", (0, 1), (1, 1), "", (s, i) => new OptionalHasElementOp(s, i));
        r.Add("OptionalGetElement", "optional_get_element", (1, 1), (1, 1), "", (s, i) => new OptionalGetElementOp(s, i));
    }
}
