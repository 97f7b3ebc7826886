using Qc.Recipe.Binding;
using Qc.Recipe.Model;
using Qc.Recipe.Planning;

namespace Qc.Recipe.Tests.Binding;

/// <summary><c>latency</c> budgets and gates, <c>fp32.latency</c> from the target's cost model, and time units.</summary>
public sealed class LatencyBindingTests
{
    private const string Allocate = "allocate:\n  over: op == Conv and not is_first\n  choices: [int8(per_channel), int4(per_channel)]\n";

    private static RecipeResult Budget(string budget, string target = "", string extra = "") =>
        TestRecipes.Run(TestRecipes.Header + target + Allocate + $"  subject_to: ['{budget}']\n" + extra);

    private static IEnumerable<BoundExpression> Walk(BoundExpression e) => e switch
    {
        BoundBinary b => [e, .. Walk(b.Left), .. Walk(b.Right)],
        BoundUnary u => [e, .. Walk(u.Operand)],
        _ => [e],
    };

    [Theory]
    [InlineData("latency <= 2ms", 2e-3)]
    [InlineData("latency <= 250us", 250e-6)]
    [InlineData("latency < 0.5s", 0.5)]
    [InlineData("latency <= 1e-4", 1e-4)]
    public void LatencyBudget_BindsAsATimeInSeconds(string budget, double limit)
    {
        var result = Budget(budget);
        result.Success.ShouldBeTrue(TestRecipes.Render(result));
        var b = result.Recipe!.Allocate!.SubjectTo.ShouldHaveSingleItem().Expression.ShouldBeOfType<BoundBinary>();
        var q = b.Left.ShouldBeOfType<BoundQuantity>();
        q.Name.ShouldBe("latency");
        q.Unit.ShouldBe(QuantityUnit.Seconds);
        Evaluator.Constant(b.Right)!.Value.Number.ShouldBe(limit, 1e-15);
    }

    [Theory]
    [InlineData("", 20e9, 100e9)]
    [InlineData("target: x86_64-linux-gnu:znver4\n", 20e9, 100e9)]
    [InlineData("target: aarch64-linux-gnu:neoverse-n1\n", 10e9, 40e9)]
    [InlineData("target: nvptx64-nvidia-cuda:sm_80\n", 1000e9, 20e12)]
    public void Fp32Latency_IsTheTargetsCostModelOfTheFloat32Model(string target, double bytesPerSecond, double macsPerSecond)
    {
        var result = Budget("latency <= 0.5 * fp32.latency", target);
        result.Success.ShouldBeTrue(TestRecipes.Render(result));
        var model = result.Plan!.Model;
        model.Macs.ShouldNotBeNull();
        var total = Walk(result.Recipe!.Allocate!.SubjectTo[0].Expression).OfType<BoundTotal>().ShouldHaveSingleItem();
        total.Name.ShouldBe("latency");
        total.Unit.ShouldBe(QuantityUnit.Seconds);
        var expected = (model.Fp32Size / bytesPerSecond) + (model.Macs!.Value / macsPerSecond);
        total.Value!.Value.ShouldBe(expected, expected * 1e-12);
        total.Value.Value.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Fp32Latency_DiffersBetweenTargets_AsTheirFiguresDo()
    {
        var x86 = Budget("latency <= fp32.latency", "target: x86_64-linux-gnu\n");
        var arm = Budget("latency <= fp32.latency", "target: aarch64-linux-gnu\n");
        var xv = Walk(x86.Recipe!.Allocate!.SubjectTo[0].Expression).OfType<BoundTotal>().Single().Value!.Value;
        var av = Walk(arm.Recipe!.Allocate!.SubjectTo[0].Expression).OfType<BoundTotal>().Single().Value!.Value;
        av.ShouldBeGreaterThan(xv * 2); // half the bandwidth and 2.5x fewer MACs per second
    }

    [Fact]
    public void Plan_PrintsTheLatencyBudgetAsATime()
    {
        var result = Budget("latency <= 0.5 * fp32.latency", "target: aarch64-linux-gnu\n");
        result.Success.ShouldBeTrue(TestRecipes.Render(result));
        var half = 0.5 * CostModel.For("aarch64-linux-gnu").Fp32Seconds(result.Plan!.Model)!.Value;
        half.ShouldBeLessThan(1e-3); // the tiny model: microseconds
        var us = (half * 1e6).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        PlanPrinter.Table(result.Plan).ShouldContain($"latency <= 0.5 * fp32.latency (= {us} us)");
    }

    [Fact]
    public void MinimizeLatency_IsAnObjective()
    {
        var result = TestRecipes.Run(TestRecipes.Header + Allocate + "  minimize: latency\n  subject_to: [sensitivity <= 0.01]\n");
        result.Success.ShouldBeTrue(TestRecipes.Render(result));
        result.Recipe!.Allocate!.Minimize.ShouldBe("latency");
    }

    [Fact]
    public void LatencyInAGate_Binds()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "evaluate:\n  metric: top1\n  require: top1_drop <= 1% and latency <= 0.8 * fp32.latency\n");
        result.Success.ShouldBeTrue(TestRecipes.Render(result));
        var names = Walk(result.Recipe!.Evaluate!.Require!.Expression).OfType<BoundQuantity>().Select(q => q.Name);
        names.ShouldBe(["top1_drop", "latency"]);
    }

    [Theory]
    [InlineData("latency <= 4MiB", "operator '<=' mixes a time in seconds and a size in bytes")]
    [InlineData("latency <= 0.5 * fp32.size", "operator '<=' mixes a time in seconds and a size in bytes")]
    [InlineData("size <= 2ms", "operator '<=' mixes a size in bytes and a time in seconds")]
    [InlineData("bops <= fp32.latency", "operator '<=' mixes a count and a time in seconds")]
    [InlineData("latency <= 1ms + fp32.params", "operator '+' mixes a time in seconds and a count")]
    public void MixingTimesWithSizesOrCounts_IsQC2046(string budget, string message)
    {
        var result = Budget(budget);
        TestRecipes.Codes(result).ShouldBe("QC2046");
        var d = result.Diagnostics.Single();
        d.Message.ShouldBe(message);
        d.Hint!.ShouldContain("times (latency, fp32.latency, 2ms) with times");
    }

    [Fact]
    public void UnknownBudgetName_HintListsLatency()
    {
        var result = Budget("latncy <= 1ms");
        TestRecipes.Codes(result).ShouldBe("QC2010");
        var hint = result.Diagnostics.Single().Hint!;
        hint.ShouldStartWith("did you mean 'latency'?");
        hint.ShouldContain("fp32.latency");
    }

    [Fact]
    public void UnknownFp32Member_HintListsLatency()
    {
        var result = Budget("latency <= fp32.latncy");
        TestRecipes.Codes(result).ShouldBe("QC2010");
        var d = result.Diagnostics.Single();
        d.Message.ShouldBe("'fp32' has no member 'latncy'");
        d.Hint!.ShouldStartWith("did you mean 'latency'?");
    }

    [Fact]
    public void UnknownTimeUnit_SuggestsMs()
    {
        var result = Budget("latency <= 2mS");
        TestRecipes.Codes(result).ShouldBe("QC2014");
        result.Diagnostics.Single().Hint!.ShouldStartWith("did you mean 'ms'?");
    }

    [Fact]
    public void Canonical_ResolvesTimeUnits_AndRoundTrips()
    {
        var yaml = TestRecipes.Header + "target: aarch64-linux-gnu:cortex-a76\n" + Allocate
            + "  minimize: latency\n  subject_to: [sensitivity <= 1%, latency <= 250us, latency <= 0.5 * fp32.latency]\n"
            + "evaluate:\n  metric: top1\n  require: top1_drop <= 1% and latency <= 2ms\n";
        var first = TestRecipes.Run(yaml);
        first.Success.ShouldBeTrue(TestRecipes.Render(first));
        var text = RecipeFrontEnd.Canonical(first.Recipe!);
        text.ShouldContain("minimize: latency");
        text.ShouldContain("'latency <= 0.00025'");
        text.ShouldContain("'latency <= 0.5 * fp32.latency'");
        text.ShouldContain("'top1_drop <= 0.01 and latency <= 0.002'");
        var second = TestRecipes.Run(text);
        second.Success.ShouldBeTrue(TestRecipes.Render(second));
        RecipeFrontEnd.Canonical(second.Recipe!).ShouldBe(text);
    }
}
