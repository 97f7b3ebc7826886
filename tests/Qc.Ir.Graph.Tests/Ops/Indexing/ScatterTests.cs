using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Indexing;

public sealed class ScatterTests
{
    [Theory]
    [InlineData("scatter", "3x3", "2x3", "2x3", "")]
    [InlineData("scatter_elements", "3x3", "2x3", "2x3", "add")]
    [InlineData("scatter_elements", "{b}x5", "1x2", "1x2", "max")]
    [InlineData("scatter_nd", "4x4x4", "2x1", "2x4x4", "mul")]
    [InlineData("scatter_nd", "8", "4x1", "4", "none")]
    [InlineData("scatter_nd", "4x4x4", "2x3", "2", "min")]
    public void ResultHasDataType(string mnemonic, string data, string indices, string updates, string reduction)
    {
        var h = new OpTestHelpers();
        var attrs = reduction.Length == 0 ? Attrs(("axis", IntA(0))) : Attrs(("reduction", StrA(reduction)));
        var op = h.Op(mnemonic, [h.In("d", ElementType.F32, data), h.In("i", ElementType.I64, indices), h.In("u", ElementType.F32, updates)], attrs);
        h.Infer();
        Assert.Equal($"tensor<{data}xf32>", op.TypeOf());
        Assert.Empty(h.Diagnostics);
    }

    [Theory]
    [InlineData("scatter_elements", "3x3", "2x3", "2x2", "none", InferenceCodes.ShapeMismatch)]
    [InlineData("scatter_elements", "3x3", "2", "2", "none", InferenceCodes.RankMismatch)]
    [InlineData("scatter_elements", "3x3", "2x3", "2x3", "avg", InferenceCodes.BadAttributeValue)]
    [InlineData("scatter_nd", "4x4x4", "2x1", "2x4", "none", InferenceCodes.ShapeMismatch)]
    [InlineData("scatter_nd", "4x4", "2x3", "2", "none", InferenceCodes.ShapeMismatch)]
    public void Errors(string mnemonic, string data, string indices, string updates, string reduction, int code)
    {
        var h = new OpTestHelpers();
        var op = h.Op(mnemonic, [h.In("d", ElementType.F32, data), h.In("i", ElementType.I64, indices), h.In("u", ElementType.F32, updates)],
            Attrs(("reduction", StrA(reduction))));
        h.Infer();
        Assert.True(h.HasCode(code));
        Assert.Equal("?", op.TypeOf());
    }

    [Fact]
    public void UpdatesMustMatchDataType()
    {
        var h = new OpTestHelpers();
        h.Op("scatter_elements", [h.Input("d", ElementType.F32, 3), h.Input("i", ElementType.I64, 1), h.Input("u", ElementType.F16, 1)]);
        h.Infer();
        Assert.True(h.HasCode(InferenceCodes.TypeMismatch));
    }
}
