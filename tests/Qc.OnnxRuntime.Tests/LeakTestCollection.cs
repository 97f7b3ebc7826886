namespace Qc.OnnxRuntime.Tests;

/// <summary>Runs the leak tests alone, after the parallel tests, so that object counts and memory are not disturbed by other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LeakTestCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "ORT leak tests";
}
