using Qc.Core.Tensors;
using Qc.Ir.Graph.Tests.Ops.ControlFlow;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Recurrent;

/// <summary>RNN, GRU and LSTM result shapes for directions and layouts.</summary>
public sealed class RecurrentOpTests
{
    [Theory]
    [InlineData("rnn", "forward", 0L, "5x3x4", 1, "tensor<5x1x3x8xf32>", "tensor<1x3x8xf32>")]
    [InlineData("rnn", "reverse", 1L, "3x5x4", 1, "tensor<3x5x1x8xf32>", "tensor<3x1x8xf32>")]
    [InlineData("gru", "bidirectional", 0L, "5x3x4", 3, "tensor<5x2x3x8xf32>", "tensor<2x3x8xf32>")]
    [InlineData("gru", "forward", 1L, "3x5x4", 3, "tensor<3x5x1x8xf32>", "tensor<3x1x8xf32>")]
    [InlineData("lstm", "forward", 0L, "{s}x{b}x4", 4, "tensor<{s}x1x{b}x8xf32>", "tensor<1x{b}x8xf32>")]
    [InlineData("lstm", "bidirectional", 1L, "{b}x{s}x4", 4, "tensor<{b}x{s}x2x8xf32>", "tensor<{b}x2x8xf32>")]
    public void RecurrentShapes(string mnemonic, string direction, long layout, string x, int gates, string y, string yh)
    {
        var h = new OpTestHelpers();
        var dirs = direction == "bidirectional" ? 2 : 1;
        var w = h.Input("w", ElementType.F32, dirs, gates * 8, 4);
        var r = h.Input("r", ElementType.F32, dirs, gates * 8, 8);
        var results = mnemonic == "lstm" ? 3 : 2;
        var op = h.Op(mnemonic, [h.Arg("x", ElementType.F32, x), w, r],
            Attrs(("direction", StrA(direction)), ("hidden_size", IntA(8)), ("layout", IntA(layout))), results);
        h.InferClean();
        Assert.Equal(y, op.TypeAt(0));
        Assert.Equal(yh, op.TypeAt(1));
        if (results == 3)
        {
            Assert.Equal(yh, op.TypeAt(2));
        }
    }

    [Fact]
    public void HiddenSizeComesFromRWhenAttributeAbsentAndOptionalInputsAreChecked()
    {
        var h = new OpTestHelpers();
        var x = h.Input("x", ElementType.F16, 7, 2, 10);
        var w = h.Input("w", ElementType.F16, 1, 64, 10);
        var r = h.Input("r", ElementType.F16, 1, 64, 16);
        var b = h.Input("b", ElementType.F16, 1, 128);
        var lens = h.Input("lens", ElementType.I32, 2);
        var h0 = h.Input("h0", ElementType.F16, 1, 2, 16);
        var op = h.Op("lstm", [x, w, r, b, lens, h0, null, null], Attrs(("activations", new StringsAttr(["Sigmoid", "Tanh", "Tanh"]))), 3);
        h.InferClean();
        Assert.Equal("tensor<7x1x2x16xf16>", op.TypeAt(0));
        Assert.Equal("tensor<1x2x16xf16>", op.TypeAt(2));
    }

    [Fact]
    public void OnlyDeclaredResultsAreSetAndUnrankedInputGivesUnrankedResults()
    {
        var h = new OpTestHelpers();
        var op = h.Op("gru", [h.Arg("x", ElementType.F32, "*"), h.Input("w", ElementType.F32, 1, 6, 3), h.Input("r", ElementType.F32, 1, 6, 2)],
            Attrs(("hidden_size", IntA(2))));
        h.InferClean();
        Assert.Equal("tensor<*xf32>", op.TypeAt());
        Assert.Single(op.Results);
    }

    [Theory]
    [InlineData("5x3", "1x8x4", "1x8x2", "", InferenceCodes.RankMismatch)]
    [InlineData("5x3x4", "1x8x5", "1x8x2", "", InferenceCodes.ShapeMismatch)]
    [InlineData("5x3x4", "2x8x4", "2x8x2", "", InferenceCodes.ShapeMismatch)]
    [InlineData("5x3x4", "1x8x4", "1x8x3", "", InferenceCodes.ShapeMismatch)]
    [InlineData("5x3x4", "1x8", "1x8x2", "", InferenceCodes.RankMismatch)]
    [InlineData("5x3x4", "1x8x4", "1x8x2", "sideways", InferenceCodes.BadAttributeValue)]
    public void LstmErrors(string x, string w, string r, string direction, int code)
    {
        var h = new OpTestHelpers();
        var attrs = Attrs(("hidden_size", IntA(2)));
        attrs = direction.Length > 0 ? attrs.With("direction", StrA(direction)) : attrs;
        var op = h.Op("lstm", [h.Arg("x", ElementType.F32, x), h.Arg("w", ElementType.F32, w), h.Arg("r", ElementType.F32, r)], attrs, 3);
        h.InferExpecting(code);
        Assert.Equal("?", op.TypeAt());
    }

    [Fact]
    public void RecurrentAttributeAndTypeErrors()
    {
        var h = new OpTestHelpers();
        h.Op("rnn", [h.Input("x", ElementType.F32, 5, 3, 4), h.Input("w", ElementType.F32, 1, 2, 4), h.Input("r", ElementType.F32, 1, 2, 2)],
            Attrs(("activations", new StringsAttr(["Tanh", "Relu"]))));
        h.InferExpecting(InferenceCodes.BadAttributeValue);

        h = new OpTestHelpers();
        h.Op("rnn", [h.Input("x", ElementType.F32, 5, 3, 4), h.Input("w", ElementType.F32, 1, 2, 4), h.Input("r", ElementType.F32, 1, 2, 2)],
            Attrs(("activations", new StringsAttr(["Swish"]))));
        h.InferExpecting(InferenceCodes.BadAttributeValue);

        h = new OpTestHelpers();
        h.Op("rnn", [h.Input("x", ElementType.F32, 5, 3, 4), h.Input("w", ElementType.F32, 1, 2, 4), h.Input("r", ElementType.F32, 1, 2, 2)],
            Attrs(("layout", IntA(2))));
        h.InferExpecting(InferenceCodes.BadAttributeValue);

        h = new OpTestHelpers();
        h.Op("rnn", [h.Input("x", ElementType.F32, 5, 3, 4), h.Input("w", ElementType.F64, 1, 2, 4), h.Input("r", ElementType.F32, 1, 2, 2)]);
        h.InferExpecting(InferenceCodes.TypeMismatch);

        h = new OpTestHelpers();
        h.Op("rnn", [h.Input("x", ElementType.F32, 5, 3, 4), h.Input("w", ElementType.F32, 1, 2, 4), h.Input("r", ElementType.F32, 1, 2, 2),
            null, h.Input("lens", ElementType.I64, 3)]);
        h.InferExpecting(InferenceCodes.TypeMismatch);
    }
}
