namespace Qc.OnnxRuntime.Tests;

/// <summary>The outcome of one node test case, identified as <c>folder/case</c> (such as <c>node/test_relu</c>).</summary>
internal sealed record NodeCaseResult(string Id, NodeOutcome Outcome, string Detail)
{
    /// <summary>True for <see cref="NodeOutcome.Pass"/>.</summary>
    public bool Passed => Outcome == NodeOutcome.Pass;
}
