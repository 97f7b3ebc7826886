using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Nn;

public sealed class MatMulGemmTests
{
    [Theory]
    [InlineData(new long[] { 2, 3 }, new long[] { 3, 4 }, "tensor<2x4xf32>")]
    [InlineData(new long[] { 3 }, new long[] { 3, 4 }, "tensor<4xf32>")]
    [InlineData(new long[] { 2, 3 }, new long[] { 3 }, "tensor<2xf32>")]
    [InlineData(new long[] { 3 }, new long[] { 3 }, "tensor<f32>")]
    [InlineData(new long[] { 5, 1, 2, 3 }, new long[] { 4, 3, 6 }, "tensor<5x4x2x6xf32>")]
    [InlineData(new long[] { 7, 2, 3 }, new long[] { 3 }, "tensor<7x2xf32>")]
    [InlineData(new long[] { 3 }, new long[] { 7, 3, 4 }, "tensor<7x4xf32>")]
    [InlineData(new long[] { 1, 2, 3 }, new long[] { 9, 3, 4 }, "tensor<9x2x4xf32>")]
    public void MatMul_follows_numpy_rules(long[] a, long[] b, string expected)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "matmul", [h.Input("a", ElementType.F32, a), h.Input("b", ElementType.F32, b)]);
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void MatMul_propagates_symbolic_and_unranked()
    {
        var h = new OpTestHelpers();
        var a = h.Input("a", T(ElementType.F16, Dim.Sym("B"), Dim.Sym("S"), 64));
        var sym = h.Op("matmul", [a, h.Input("b", ElementType.F16, 64, 128)]);
        var unranked = h.Op("matmul", [a, h.Input("u", TensorType.Unranked(ElementType.F16))]);
        h.Infer();
        AssertTypes(h, sym, "tensor<{B}x{S}x128xf16>");
        Assert.Equal("tensor<*xf16>", unranked.Result.Type.ToString());
    }

    [Theory]
    [InlineData(new long[] { 2, 3 }, new long[] { 4, 5 }, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 2, 2, 3 }, new long[] { 3, 3, 4 }, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { }, new long[] { 3, 4 }, InferenceCodes.RankMismatch)]
    public void MatMul_reports_bad_shapes(long[] a, long[] b, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "matmul", [h.Input("a", ElementType.F32, a), h.Input("b", ElementType.F32, b)]);
        AssertError(h, op, code);
    }

    [Fact]
    public void MatMul_reports_mixed_element_types()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "matmul", [h.Input("a", ElementType.F32, 2, 3), h.Input("b", ElementType.F16, 3, 4)]);
        AssertError(h, op, InferenceCodes.TypeMismatch);
    }

    [Theory]
    [InlineData(new long[] { 3, 5 }, new long[] { 5, 4 }, 0, 0, null, "tensor<3x4xf32>")]
    [InlineData(new long[] { 5, 3 }, new long[] { 5, 4 }, 1, 0, new long[] { 4 }, "tensor<3x4xf32>")]
    [InlineData(new long[] { 3, 5 }, new long[] { 4, 5 }, 0, 1, new long[] { 3, 1 }, "tensor<3x4xf32>")]
    [InlineData(new long[] { 5, 3 }, new long[] { 4, 5 }, 1, 1, new long[] { 3, 4 }, "tensor<3x4xf32>")]
    [InlineData(new long[] { 3, 5 }, new long[] { 5, 4 }, 0, 0, new long[] { }, "tensor<3x4xf32>")]
    [InlineData(new long[] { 3, 5 }, new long[] { 5, 4 }, 0, 0, new long[] { 1 }, "tensor<3x4xf32>")]
    public void Gemm_applies_transposes_and_broadcasts_c(long[] a, long[] b, long transA, long transB, long[]? c, string expected)
    {
        var h = new OpTestHelpers();
        Value?[] inputs = c is null
            ? [h.Input("a", ElementType.F32, a), h.Input("b", ElementType.F32, b)]
            : [h.Input("a", ElementType.F32, a), h.Input("b", ElementType.F32, b), h.Input("c", ElementType.F32, c)];
        var op = Run(h, "gemm", inputs, A(("transA", transA), ("transB", transB), ("alpha", 1.0f), ("beta", 1.0f)));
        AssertTypes(h, op, expected);
    }

    [Fact]
    public void Gemm_with_symbolic_batch_and_unranked_b()
    {
        var h = new OpTestHelpers();
        var op = Run(h, "gemm", [h.Input("a", T(ElementType.F32, Dim.Sym("N"), 5)), h.Input("b", TensorType.Unranked(ElementType.F32))]);
        AssertTypes(h, op, "tensor<{N}x?xf32>");
    }

    [Theory]
    [InlineData(new long[] { 3, 5 }, new long[] { 6, 4 }, new long[] { 4 }, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 3, 5 }, new long[] { 5, 4 }, new long[] { 5 }, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 3, 5 }, new long[] { 5, 4 }, new long[] { 2, 3, 4 }, InferenceCodes.ShapeMismatch)]
    [InlineData(new long[] { 2, 3, 5 }, new long[] { 5, 4 }, new long[] { 4 }, InferenceCodes.RankMismatch)]
    public void Gemm_reports_bad_shapes(long[] a, long[] b, long[] c, int code)
    {
        var h = new OpTestHelpers();
        var op = Run(h, "gemm", [h.Input("a", ElementType.F32, a), h.Input("b", ElementType.F32, b), h.Input("c", ElementType.F32, c)]);
        AssertError(h, op, code);
    }
}
