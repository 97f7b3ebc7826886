using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Onnx;

namespace Qc.Compression.Tests;

public sealed class ChannelPruningTests
{
    internal const string FashionCnn = "tests/fixtures/fashion-mnist/fashion_cnn.onnx";

    internal static GraphModule ImportFashionCnn()
    {
        var result = OnnxImporter.Import(TestEnvironment.Resolve(FashionCnn));
        result.Success.ShouldBeTrue(DiagnosticFormatter.Format(result.Diagnostics));
        return result.Module!;
    }

    private static Op Find(GraphModule module, string weight) =>
        module.Main.Ops.Single(o => o.Input(1)?.Producer is ConstantOp c && c.Constant.Name == weight);

    private static long Parameters(GraphModule module) => module.Constants.Sum(c => c.Data?.ElementCount ?? 0);

    [Fact]
    public void ConvFollowedByBnReluPoolConv_LosesChannelsEverywhere()
    {
        var module = ImportFashionCnn();
        var before = Parameters(module);
        var bag = new DiagnosticBag();
        var result = ChannelPruning.Run(module, Find(module, "features.2.0.weight"), 0.25, ChannelNorm.L1, bag)!;
        bag.HasErrors.ShouldBeFalse(DiagnosticFormatter.Format(bag));
        result.Applied.ShouldBeTrue();
        result.Removed.Length.ShouldBe(8);
        result.Kept.Length.ShouldBe(24);

        // conv 8·16·9 + BN 4·8 + next conv 64·8·9
        result.ParametersRemoved.ShouldBe((8 * 16 * 9) + (4 * 8) + (64 * 8 * 9));
        (before - Parameters(module)).ShouldBe(result.ParametersRemoved);
        result.RewrittenOps.Length.ShouldBe(3);

        var verify = new DiagnosticBag();
        GraphVerifier.Verify(module, verify, requireTypes: true).ShouldBeTrue(DiagnosticFormatter.Format(verify));
        Find(module, "features.2.0.weight").Result.Type.ToString().ShouldBe("tensor<{batch}x24x14x14xf32>");
        Find(module, "features.4.0.weight").Input(1)!.Type.ToString().ShouldBe("tensor<64x24x3x3xf32>");
        module.Main.Outputs.Single().Type.ToString().ShouldBe("tensor<{batch}x10xf32>");

        // The removed channels are the 8 of smallest L1 norm.
        var norms = ChannelPruning.ChannelNorms(TestGraphs.Layer(ImportFashionCnnOp("features.2.0.weight")), ChannelNorm.L1);
        var maxRemoved = result.Removed.Max(i => norms[i]);
        result.Kept.Min(i => norms[i]).ShouldBeGreaterThanOrEqualTo(maxRemoved);
    }

    [Fact]
    public void ConvBeforeFlatten_RemovesColumnBlocksOfTheGemm()
    {
        var module = ImportFashionCnn();
        var fc1Before = Find(module, "fc1.weight").Input(1)!.Producer is ConstantOp c0 ? c0.Constant.Data!.ToArray<float>() : [];
        var bag = new DiagnosticBag();
        var result = ChannelPruning.Run(module, Find(module, "features.4.0.weight"), 0.5, ChannelNorm.L2, bag)!;
        bag.HasErrors.ShouldBeFalse(DiagnosticFormatter.Format(bag));
        result.Applied.ShouldBeTrue();
        result.ParametersRemoved.ShouldBe((32 * 32 * 9) + (4 * 32) + (64 * 32 * 9));
        var fc1 = Find(module, "fc1.weight");
        fc1.Input(1)!.Type.ToString().ShouldBe("tensor<64x288xf32>");
        module.Main.Ops.Single(o => o.Schema.OpType == "Flatten").Result.Type.ToString().ShouldBe("tensor<{batch}x288xf32>");

        // Kept channel k's 9 columns moved to block position of k in the kept list.
        var fc1After = ((ConstantOp)fc1.Input(1)!.Producer!).Constant.Data!.ToArray<float>();
        var second = result.Kept[1];
        for (var r = 0; r < 64; r += 21)
        {
            for (var j = 0; j < 9; j++)
            {
                fc1After[(r * 288) + 9 + j].ShouldBe(fc1Before[(r * 576) + (second * 9) + j]);
            }
        }

        var verify = new DiagnosticBag();
        GraphVerifier.Verify(module, verify, requireTypes: true).ShouldBeTrue(DiagnosticFormatter.Format(verify));
    }

    [Fact]
    public void GemmFollowedByReluGemm_LosesRowsAndColumns()
    {
        var module = ImportFashionCnn();
        var bag = new DiagnosticBag();
        var result = ChannelPruning.Run(module, Find(module, "fc1.weight"), 0.25, ChannelNorm.L2, bag)!;
        bag.HasErrors.ShouldBeFalse();
        result.ParametersRemoved.ShouldBe((16 * 576) + 16 + (10 * 16));
        Find(module, "fc2.weight").Input(1)!.Type.ToString().ShouldBe("tensor<10x48xf32>");
        Find(module, "fc1.weight").Input(2)!.Type.ToString().ShouldBe("tensor<48xf32>");
    }

    [Fact]
    public void LastLayer_FeedsTheGraphOutput_AndIsSkippedWithQC4206()
    {
        var module = ImportFashionCnn();
        var before = Parameters(module);
        var bag = new DiagnosticBag();
        var result = ChannelPruning.Run(module, Find(module, "fc2.weight"), 0.5, ChannelNorm.L1, bag)!;
        result.Applied.ShouldBeFalse();
        result.SkipReason.ShouldNotBeNull().ShouldContain("graph output 'logits'");
        bag.Single().Code.ToString().ShouldBe("QC4206");
        bag.Single().Severity.ShouldBe(Severity.Warning);
        Parameters(module).ShouldBe(before);
    }

    [Fact]
    public void ResidualAdd_IsLeftAloneWithTheReason()
    {
        var (module, conv) = TestGraphs.Conv(m: 4, c: 4, kh: 3, kw: 3, pad: 1);
        var add = module.AddOp(module.Main, TestGraphs.Schema("Add"), [conv.Result, module.Main.Parameters[0]], nodeName: "residual");
        module.Main.SetOutputs([add.Result]);
        TestGraphs.Infer(module);
        var bag = new DiagnosticBag();
        var result = ChannelPruning.Run(module, conv, 0.5, ChannelNorm.L1, bag)!;
        result.Applied.ShouldBeFalse();
        result.SkipReason.ShouldNotBeNull().ShouldContain("'residual' (Add)");
        bag.Single().Code.ToString().ShouldBe("QC4206");
    }

    [Fact]
    public void FractionOutOfRange_IsQC4205()
    {
        var module = ImportFashionCnn();
        var bag = new DiagnosticBag();
        ChannelPruning.Run(module, Find(module, "fc1.weight"), 1.0, ChannelNorm.L1, bag).ShouldBeNull();
        bag.Single().Code.ToString().ShouldBe("QC4205");
    }

    private static Op ImportFashionCnnOp(string weight) => Find(ImportFashionCnn(), weight);
}
