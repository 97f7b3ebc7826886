using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary>Structural validation of <see cref="AllocationProblem"/>: misuse throws, with the name at fault.</summary>
public sealed class ProblemTests
{
    private static AllocationLayer L(string name, params string[] cands) =>
        new(name, [.. cands.Select(c => AllocationCandidate.Create(c, 0, ("size", 1)))]);

    [Fact]
    public void Misuse_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AllocationProblem([]));
        Assert.Throws<ArgumentException>(() => new AllocationProblem([L("a", "x"), L("a", "y")]));
        Assert.Throws<ArgumentException>(() => new AllocationProblem([L("a")]));
        Assert.Throws<ArgumentException>(() => new AllocationProblem([L("a", "x", "x")]));
        Assert.Throws<ArgumentException>(() => new AllocationProblem([L("a", "x")], [new AllocationBudget("bops", 1)]));
        Assert.Throws<ArgumentException>(() => new AllocationProblem([L("a", "x")], [new AllocationBudget("size", double.NaN)]));
        Assert.Throws<ArgumentException>(() => new AllocationProblem([L("a", "x")], pins: [new AllocationPin("b", ["x"], "rule 'r'")]));
        Assert.Throws<ArgumentException>(() => new AllocationProblem([L("a", "x")], pins: [new AllocationPin("a", ["z"], "rule 'r'")]));
        Assert.Throws<ArgumentException>(() => new AllocationProblem([L("a", "x")], ties: [new AllocationTie(["a"], "rule 'r'")]));
        Assert.Throws<ArgumentException>(() => new AllocationProblem([L("a", "x")], cuts: [new AllocationCut(["x", "x"])]));
    }

    [Fact]
    public void Pins_Intersect()
    {
        var p = new AllocationProblem([L("a", "x", "y", "z")],
            pins: [new AllocationPin("a", ["x", "y"], "rule 'one'"), new AllocationPin("a", ["y", "z"], "rule 'two'")]);
        Assert.Equal([false, true, false], p.Allowed[0]);
    }

    [Fact]
    public void TieKey_DefaultsToTheCandidateName()
    {
        var c = AllocationCandidate.Create("int8", 0);
        Assert.Equal("int8", c.EffectiveTieKey);
        Assert.Equal("a8", c.WithTieKey("a8").EffectiveTieKey);
    }
}
