using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Compression.Tests;

public sealed class WeightLayerTests
{
    [Fact]
    public void Conv_ViewIsTheStoredLayout()
    {
        var (_, conv) = TestGraphs.Conv(m: 4, c: 3, kh: 3, kw: 2);
        var layer = TestGraphs.Layer(conv);
        layer.Kind.ShouldBe(LayerKind.Conv);
        (layer.Rows, layer.Cols, layer.Groups, layer.KernelSize, layer.InChannels).ShouldBe((4, 18, 1, 6, 3));
        layer.ToMatrix().ShouldBe(layer.WeightData.ToArray<float>());
        layer.InputChannel(2, 13).ShouldBe(2);
        layer.FromMatrix(layer.ToMatrix()).AsSpan<float>().ToArray().ShouldBe(layer.WeightData.ToArray<float>());
    }

    [Fact]
    public void GroupedConv_RowsSeeTheirGroupsChannels()
    {
        var (_, conv) = TestGraphs.Conv(m: 4, c: 6, kh: 3, kw: 3, group: 2);
        var layer = TestGraphs.Layer(conv);
        (layer.Rows, layer.Cols, layer.Groups, layer.RowsPerGroup, layer.InChannels).ShouldBe((4, 27, 2, 2, 6));
        layer.GroupOf(1).ShouldBe(0);
        layer.GroupOf(2).ShouldBe(1);
        layer.InputChannel(1, 26).ShouldBe(2);
        layer.InputChannel(3, 0).ShouldBe(3);
        layer.InputChannel(3, 26).ShouldBe(5);
    }

    [Fact]
    public void DepthwiseConv_ReducesOverTheWindowOnly()
    {
        var (_, conv) = TestGraphs.Conv(m: 5, c: 5, kh: 3, kw: 3, group: 5);
        var layer = TestGraphs.Layer(conv);
        (layer.Rows, layer.Cols, layer.Groups).ShouldBe((5, 9, 5));
        for (var r = 0; r < 5; r++)
        {
            layer.InputChannel(r, 8).ShouldBe(r);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gemm_ViewIsOutputsByK(bool transB)
    {
        var (_, gemm) = TestGraphs.Gemm(nOut: 5, k: 7, transB);
        var layer = TestGraphs.Layer(gemm);
        (layer.Rows, layer.Cols, layer.Transposed).ShouldBe((5, 7, !transB));
        var stored = layer.WeightData.ToArray<float>();
        var view = layer.ToMatrix();
        for (var r = 0; r < 5; r++)
        {
            for (var k = 0; k < 7; k++)
            {
                view[(r * 7) + k].ShouldBe(transB ? stored[(r * 7) + k] : stored[(k * 5) + r]);
            }
        }

        layer.FromMatrix(view).AsSpan<float>().ToArray().ShouldBe(stored);
        layer.OutputAxis.ShouldBe(transB ? 0 : 1);
    }

    [Fact]
    public void MatMul_ViewIsTheTransposedWeight()
    {
        var (_, mm) = TestGraphs.MatMul(nOut: 4, k: 6);
        var layer = TestGraphs.Layer(mm);
        (layer.Rows, layer.Cols, layer.Transposed, layer.InputAxis).ShouldBe((4, 6, true, 0));
        var stored = layer.WeightData.ToArray<float>();
        layer.ToMatrix()[(3 * 6) + 5].ShouldBe(stored[(5 * 4) + 3]);
        layer.FromMatrix(layer.ToMatrix()).AsSpan<float>().ToArray().ShouldBe(stored);
    }

    [Fact]
    public void NonWeightOps_ReportQC4201()
    {
        var module = new GraphModule("m");
        var x = module.Main.AddParameter("x", new TensorType(ElementType.F32, 2, 3));
        var relu = module.AddOp(module.Main, TestGraphs.Schema("Relu"), [x], nodeName: "relu");
        var y = module.Main.AddParameter("y", new TensorType(ElementType.F32, 3, 4));
        var mm = module.AddOp(module.Main, TestGraphs.Schema("MatMul"), [x, y], nodeName: "mm");
        var bag = new DiagnosticBag();
        WeightLayer.TryCreate(relu, bag, out _).ShouldBeFalse();
        WeightLayer.TryCreate(mm, bag, out _).ShouldBeFalse();
        bag.Select(d => d.Code.ToString()).ShouldBe(["QC4201", "QC4201"]);
        bag.First().Message.ShouldContain("'relu'");
    }

    [Fact]
    public void ReplaceWeight_KeepsTheConstantNameAndDropsTheOldEntry()
    {
        var (module, conv) = TestGraphs.Conv(m: 2, c: 2, kh: 1, kw: 1);
        var layer = TestGraphs.Layer(conv);
        layer.ReplaceWeight(module, TensorData.Create<float>([2, 2, 1, 1], [1f, 2f, 3f, 4f]));
        module.Constants.Count.ShouldBe(1);
        var entry = module.Constants.Single();
        entry.Name.ShouldBe("w");
        TestGraphs.Layer(conv).WeightData.ToArray<float>().ShouldBe([1f, 2f, 3f, 4f]);
        TestGraphs.Infer(module);
    }
}
