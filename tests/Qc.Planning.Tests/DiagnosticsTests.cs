using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary>Checks before solving (QC4001, QC4002, QC4007) and the mapping of solver outcomes to QC40xx.</summary>
public sealed class DiagnosticsTests
{
    private static AllocationLayer Layer(string name, params (string Name, double Sens, double Size)[] cands) =>
        new(name, [.. cands.Select(c => AllocationCandidate.Create(c.Name, c.Sens, ("size", c.Size)))]);

    private static AllocationLayer Int48(string name, double int4, double int8) =>
        Layer(name, ("int4", 1.0, int4), ("int8", 0.0, int8));

    [Fact]
    public void Infeasible_NamesThePinsThatRaiseTheMinimum()
    {
        var layers = new[] { Int48("embed", 4 << 20, 8 << 20), Int48("head", 4 << 20, 8 << 20), Int48("mid", 2 << 20, 4 << 20) };
        var pins = new[]
        {
            new AllocationPin("embed", ["int8"], "rule 'keep-embeddings'"),
            new AllocationPin("head", ["int8"], "rule 'keep-embeddings'"),
            new AllocationPin("mid", ["int4", "int8"], "rule 'anything'"),
        };
        var problem = new AllocationProblem(layers, [new AllocationBudget("size", 12 << 20)], pins: pins);
        var result = BitAllocator.Allocate(problem, new DynamicProgrammingSolver());
        Assert.Equal(AllocationStatus.Rejected, result.Status);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("QC4001", d.Code.ToString());
        Assert.Equal("bit allocation is infeasible: smallest model is 18 MiB, budget is 12 MiB", d.Message);
        var note = Assert.Single(d.Notes);
        Assert.Equal("2 layers ('embed', 'head') are pinned to 'int8' by rule 'keep-embeddings', adding 8 MiB to the smallest model", note.Message);
        Assert.Equal("raise the 'size' budget to at least 18 MiB, add smaller candidates, or narrow the pins above", d.Hint);
        var text = DiagnosticFormatter.Format(d);
        Assert.Equal(
            "error QC4001: bit allocation is infeasible: smallest model is 18 MiB, budget is 12 MiB\n" +
            "  note: 2 layers ('embed', 'head') are pinned to 'int8' by rule 'keep-embeddings', adding 8 MiB to the smallest model\n" +
            "  hint: raise the 'size' budget to at least 18 MiB, add smaller candidates, or narrow the pins above\n",
            text);
    }

    [Fact]
    public void Infeasible_OnlyNamesAPinWhoseRemovalLowersTheMinimum()
    {
        // Two pins on one layer: lifting either alone leaves the other, so neither lowers the minimum.
        var layers = new[] { Int48("a", 10, 20), Int48("b", 10, 20) };
        var pins = new[]
        {
            new AllocationPin("a", ["int8"], "rule 'one'"),
            new AllocationPin("a", ["int8"], "rule 'two'"),
            new AllocationPin("b", ["int8"], "rule 'three'"),
        };
        var problem = new AllocationProblem(layers, [new AllocationBudget("size", 30)], pins: pins);
        var d = Assert.Single(BitAllocator.Allocate(problem, new DynamicProgrammingSolver()).Diagnostics);
        Assert.Equal("bit allocation is infeasible: smallest model is 40 bytes, budget is 30 bytes", d.Message);
        var note = Assert.Single(d.Notes);
        Assert.Equal("'b' is pinned to 'int8' by rule 'three', adding 10 bytes to the smallest model", note.Message);
    }

    [Fact]
    public void Infeasible_WithoutPins_HasNoNotes_AndOtherResourcesAreNamed()
    {
        var layers = new[]
        {
            new AllocationLayer("a", [AllocationCandidate.Create("x", 0, ("bops", 100)), AllocationCandidate.Create("y", 1, ("bops", 50))]),
        };
        var problem = new AllocationProblem(layers, [new AllocationBudget("bops", 40)]);
        var d = Assert.Single(BitAllocator.Allocate(problem, new DynamicProgrammingSolver()).Diagnostics);
        Assert.Equal("QC4001", d.Code.ToString());
        Assert.Equal("bit allocation is infeasible: smallest total 'bops' is 50, budget is 40", d.Message);
        Assert.Empty(d.Notes);
        Assert.Equal("raise the 'bops' budget to at least 50 or add smaller candidates", d.Hint);
    }

    [Fact]
    public void TiesThePinsContradict_AreQC4002()
    {
        var layers = new[] { Int48("a", 1, 2), Int48("b", 1, 2) };
        var problem = new AllocationProblem(layers, [new AllocationBudget("size", 10)],
            ties: [new AllocationTie(["a", "b"], "rule 'residual'")],
            pins: [new AllocationPin("a", ["int8"], "rule 'first'"), new AllocationPin("b", ["int4"], "rule 'second'")]);
        var d = Assert.Single(BitAllocator.Allocate(problem, new DynamicProgrammingSolver()).Diagnostics);
        Assert.Equal("QC4002", d.Code.ToString());
        Assert.Equal("tied layers can agree on no candidate: the pins leave 'a' with 'int8', 'b' with 'int4'", d.Message);
        Assert.Equal(
            ["the tie comes from rule 'residual'", "'a' is pinned to 'int8' by rule 'first'", "'b' is pinned to 'int4' by rule 'second'"],
            d.Notes.Select(n => n.Message));
    }

    [Fact]
    public void PinsThatExcludeEachOther_AreQC4007()
    {
        var problem = new AllocationProblem([Int48("a", 1, 2)],
            pins: [new AllocationPin("a", ["int8"], "rule 'first'"), new AllocationPin("a", ["int4"], "rule 'second'")]);
        var d = Assert.Single(BitAllocator.Allocate(problem, new DynamicProgrammingSolver()).Diagnostics);
        Assert.Equal("QC4007", d.Code.ToString());
        Assert.Equal("the pins on layer 'a' exclude every candidate", d.Message);
        Assert.Equal(2, d.Notes.Length);
    }

    [GlpkFact]
    public void TiesWithABudget_CanBeInfeasibleTogether_QC4005()
    {
        Glpk.Require();
        // Each layer alone fits at int4; tied to 'b', 'a' must take int8 (pinned), which with 'b' at int8 breaks the budget.
        var layers = new[] { Int48("a", 10, 20), Int48("b", 10, 20) };
        var problem = new AllocationProblem(layers, [new AllocationBudget("size", 35)],
            ties: [new AllocationTie(["a", "b"], "rule 'residual'")],
            pins: [new AllocationPin("a", ["int8"], "rule 'keep'")]);
        var r = BitAllocator.Allocate(problem, new GlpkSolver());
        Assert.Equal(AllocationStatus.Infeasible, r.Status);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("QC4005", d.Code.ToString());
        Assert.Equal("bit allocation is infeasible: each budget can be met alone, but no allocation meets the 'size' budget and the tie", d.Message);
    }

    [Theory]
    [InlineData(AllocationStatus.TimeLimit, "QC4003", Severity.Error)]
    [InlineData(AllocationStatus.Unavailable, "QC4004", Severity.Error)]
    [InlineData(AllocationStatus.Feasible, "QC4006", Severity.Warning)]
    [InlineData(AllocationStatus.Failed, "QC4009", Severity.Error)]
    [InlineData(AllocationStatus.NotApplicable, "QC4010", Severity.Error)]
    public void SolverOutcomes_MapToCodes(AllocationStatus status, string code, Severity severity)
    {
        var problem = new AllocationProblem([Int48("a", 1, 2)], [new AllocationBudget("size", 10)]);
        var r = BitAllocator.Allocate(problem, new FixedSolver(status), AllocationOptions.Default);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(code, d.Code.ToString());
        Assert.Equal(severity, d.Severity);
        Assert.False(d.Message.EndsWith('.'));
        Assert.True(char.IsLower(d.Message[0]), d.Message);
    }

    [Fact]
    public void GlpkUnavailable_HintsAtSetupAndTheVariable()
    {
        var problem = new AllocationProblem([Int48("a", 1, 2)]);
        var d = Assert.Single(BitAllocator.Allocate(problem, new FixedSolver(AllocationStatus.Unavailable)).Diagnostics);
        Assert.Equal("the integer-programming solver GLPK is unavailable: fixed", d.Message);
        Assert.Contains("scripts/setup.sh", d.Hint, StringComparison.Ordinal);
        Assert.Contains("QC_GLPK_LIB", d.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0 bytes")]
    [InlineData(1023, "1023 bytes")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(64_172_851, "61.2 MiB")]
    public void Sizes_ArePrintedInBinaryUnits(double bytes, string text) =>
        Assert.Equal(text, AllocationDiagnostics.Amount("size", bytes));

    /// <summary>A solver that returns a fixed status without an assignment.</summary>
    private sealed class FixedSolver(AllocationStatus status) : IAllocationSolver
    {
        public string Name => "fixed";

        public AllocationResult Solve(AllocationProblem problem, AllocationOptions options) => status == AllocationStatus.Feasible
            ? AllocationResult.FromAssignment(problem, new int[problem.Layers.Length], status, Name, TimeSpan.Zero, "fixed")
            : AllocationResult.Empty(status, Name, TimeSpan.Zero, "fixed");
    }
}
