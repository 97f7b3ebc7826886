using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Nn;

public sealed class EinsumOpTests
{
    private static Op Einsum(OpTestHelpers h, string equation, params long[][] shapes)
    {
        var inputs = shapes.Select((s, i) => (Value?)h.Input("x" + i, ElementType.F32, s)).ToArray();
        return Run(h, "einsum", inputs, A(("equation", equation)));
    }

    [Theory]
    [InlineData("ij,jk->ik", "tensor<2x4xf32>", new long[] { 2, 3 }, new long[] { 3, 4 })]
    [InlineData("ij,jk", "tensor<2x4xf32>", new long[] { 2, 3 }, new long[] { 3, 4 })]
    [InlineData(" ij , jk -> ik ", "tensor<2x4xf32>", new long[] { 2, 3 }, new long[] { 3, 4 })]
    [InlineData("bij,bjk->bik", "tensor<2x3x5xf32>", new long[] { 2, 3, 4 }, new long[] { 2, 4, 5 })]
    [InlineData("...ij,...jk->...ik", "tensor<5x2x4xf32>", new long[] { 5, 2, 3 }, new long[] { 3, 4 })]
    [InlineData("...ij,...jk", "tensor<7x5x2x4xf32>", new long[] { 5, 2, 3 }, new long[] { 7, 1, 3, 4 })]
    [InlineData("i,j->ij", "tensor<3x4xf32>", new long[] { 3 }, new long[] { 4 })]
    [InlineData("i,i", "tensor<f32>", new long[] { 3 }, new long[] { 3 })]
    [InlineData("i,i->", "tensor<f32>", new long[] { 3 }, new long[] { 3 })]
    public void Einsum_binary_equations(string equation, string expected, long[] a, long[] b)
    {
        var h = new OpTestHelpers();
        AssertTypes(h, Einsum(h, equation, a, b), expected);
    }

    [Theory]
    [InlineData("ij->ji", "tensor<4x3xf32>", new long[] { 3, 4 })]
    [InlineData("ii->i", "tensor<3xf32>", new long[] { 3, 3 })]
    [InlineData("ii", "tensor<f32>", new long[] { 3, 3 })]
    [InlineData("ba", "tensor<3x2xf32>", new long[] { 2, 3 })]
    [InlineData("bA", "tensor<3x2xf32>", new long[] { 2, 3 })]
    [InlineData("Ab", "tensor<2x3xf32>", new long[] { 2, 3 })]
    [InlineData("...ii->...i", "tensor<5x3xf32>", new long[] { 5, 3, 3 })]
    [InlineData("i...->...", "tensor<4x5xf32>", new long[] { 3, 4, 5 })]
    [InlineData("ij...", "tensor<5x3x4xf32>", new long[] { 3, 4, 5 })]
    [InlineData("ijk->", "tensor<f32>", new long[] { 2, 3, 4 })]
    public void Einsum_unary_equations(string equation, string expected, long[] a)
    {
        var h = new OpTestHelpers();
        AssertTypes(h, Einsum(h, equation, a), expected);
    }

    [Fact]
    public void Einsum_with_three_operands_and_symbolic_dims()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "einsum", [h.Input("a", T(ElementType.F32, Dim.Sym("B"), 3)), h.Input("b", ElementType.F32, 3, 4),
            h.Input("c", T(ElementType.F32, 4, Dim.Sym("K")))], A(("equation", "bi,ij,jk->bk")));
        AssertTypes(h, op, "tensor<{B}x{K}xf32>");
    }

    [Fact]
    public void Einsum_with_unranked_operand()
    {
        var h = new OpTestHelpers();
        var plain = h.Op("einsum", [h.Input("a", ElementType.F32, 2, 3), h.Input("b", TensorType.Unranked(ElementType.F32))], A(("equation", "ij,jk->ik")));
        var ellipsis = h.Op("einsum", [h.Input("c", TensorType.Unranked(ElementType.F32))], A(("equation", "...ij->...ji")));
        h.Infer();
        AssertTypes(h, plain, "tensor<2x?xf32>");
        Assert.Equal("tensor<*xf32>", ellipsis.Result.Type.ToString());
    }

    [Theory]
    [InlineData("ij,jk->ik", InferenceCodes.ShapeMismatch, new long[] { 2, 3 }, new long[] { 4, 5 })]
    [InlineData("ij,jk->ik", InferenceCodes.RankMismatch, new long[] { 2, 3, 1 }, new long[] { 3, 5 })]
    [InlineData("ij,jk->il", InferenceCodes.BadAttributeValue, new long[] { 2, 3 }, new long[] { 3, 5 })]
    [InlineData("ij->ik", InferenceCodes.BadAttributeValue, new long[] { 2, 3 }, new long[] { 3, 5 })]
    [InlineData("i.j,jk->ik", InferenceCodes.BadAttributeValue, new long[] { 2, 3 }, new long[] { 3, 5 })]
    [InlineData("ij,jk->i->k", InferenceCodes.BadAttributeValue, new long[] { 2, 3 }, new long[] { 3, 5 })]
    [InlineData("...ij,...jk->...ik", InferenceCodes.ShapeMismatch, new long[] { 2, 2, 3 }, new long[] { 3, 3, 5 })]
    [InlineData("ii,ij->j", InferenceCodes.ShapeMismatch, new long[] { 2, 3 }, new long[] { 2, 5 })]
    public void Einsum_reports_bad_equations_and_shapes(string equation, int code, long[] a, long[] b)
    {
        var h = new OpTestHelpers();
        AssertError(h, Einsum(h, equation, a, b), code);
    }
}
