using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Tensor;

/// <summary>Every tensor, reduction and indexing op copes with unknown, unranked and symbolic inputs without throwing.</summary>
public sealed class FamilyRobustnessTests
{
    public static TheoryData<string> Mnemonics => new()
    {
        "reshape", "flatten", "squeeze", "unsqueeze", "transpose", "concat", "split", "slice", "pad", "expand", "tile", "shape",
        "size", "cast", "cast_like", "constant_of_shape", "range", "eye_like", "trilu",
        "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_l1", "reduce_l2", "reduce_log_sum",
        "reduce_log_sum_exp", "reduce_sum_square", "arg_max", "arg_min", "cum_sum", "top_k",
        "gather", "gather_elements", "gather_nd", "scatter", "scatter_elements", "scatter_nd", "one_hot", "non_zero", "compress",
        "reverse_sequence", "unique", "non_max_suppression",
    };

    [Theory]
    [MemberData(nameof(Mnemonics))]
    public void UnknownInputsLeaveResultsUnknownSilently(string mnemonic)
    {
        var h = new OpTestHelpers();
        var op = Build(h, mnemonic, i => h.Main.AddParameter("u" + i, IrType.Unknown));
        h.Infer();
        Assert.Empty(h.Diagnostics);
        if (mnemonic is not ("constant_of_shape" or "non_max_suppression"))
        {
            Assert.All(op.Results, r => Assert.Equal("?", r.Type.ToString()));
        }
    }

    [Theory]
    [MemberData(nameof(Mnemonics))]
    public void UnrankedInputsDoNotFailInternally(string mnemonic)
    {
        var h = new OpTestHelpers();
        var op = Build(h, mnemonic, i => h.Input("u" + i, TensorType.Unranked(ElementType.I64)));
        h.Infer();
        Assert.DoesNotContain(h.Diagnostics, d => d.Code.Number == 9002);
        Assert.All(op.Results, r => Assert.IsType<TensorType>(r.Type));
    }

    [Theory]
    [MemberData(nameof(Mnemonics))]
    public void SymbolicInputsDoNotFailInternally(string mnemonic)
    {
        var h = new OpTestHelpers();
        Build(h, mnemonic, i => h.In("s" + i, ElementType.I64, i == 0 ? "{a}x?x{c}" : "{n}"));
        h.Infer();
        Assert.DoesNotContain(h.Diagnostics, d => d.Code.Number == 9002);
    }

    private static Op Build(OpTestHelpers h, string mnemonic, Func<int, Value> input)
    {
        OpRegistry.Default.TryGetByMnemonic(mnemonic, out var schema);
        Assert.NotNull(schema);
        var count = schema.MaxInputs == OpSchema.Variadic ? 2 : schema.MaxInputs;
        var inputs = Enumerable.Range(0, count).Select(i => (Value?)input(i)).ToArray();
        var attrs = mnemonic switch
        {
            "concat" => Attrs(("axis", IntA(0))),
            "cast" => Attrs(("to", IntA((long)ElementType.F32))),
            _ => null,
        };
        return h.Op(mnemonic, inputs, attrs, schema.MaxOutputs == OpSchema.Variadic ? 2 : schema.MaxOutputs);
    }
}
