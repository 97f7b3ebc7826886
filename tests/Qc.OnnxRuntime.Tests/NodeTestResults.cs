namespace Qc.OnnxRuntime.Tests;

/// <summary>Runs every node test case once per test run and shares the results between the conformance tests (an xunit class fixture).</summary>
public sealed class NodeTestResults
{
    private readonly Lazy<IReadOnlyList<NodeCaseResult>> _results = new(RunAll);

    /// <summary>The result of every case, sorted by id; computed on first use.</summary>
    internal IReadOnlyList<NodeCaseResult> Results => _results.Value;

    private static IReadOnlyList<NodeCaseResult> RunAll()
    {
        var cases = NodeCaseRunner.CaseFolders(TestEnvironment.NodeTestData);
        var results = new NodeCaseResult[cases.Count];
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => results[i] = NodeCaseRunner.Run(cases[i]));
        return results;
    }
}
