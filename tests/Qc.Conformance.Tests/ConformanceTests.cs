using System.Diagnostics;
using System.Globalization;
using Qc.Codegen.Llvm;
using Xunit.Abstractions;

namespace Qc.Conformance.Tests;

/// <summary>A fact needing the node tests, LLVM 19 and ld.lld-19: skipped with the reason when absent, unless <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CompiledConformanceFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public CompiledConformanceFactAttribute() => Skip = TestEnvironment.IsCi ? null
        : TestEnvironment.MissingReason(false, [TestEnvironment.NodeTestData])
          ?? (LlvmLibrary.TryLoad(out var reason) ? null : reason)
          ?? (new Linker().FindLinker() is null ? "'ld.lld-19' not found (install lld-19: scripts/setup.sh)" : null);
}

/// <summary>Every ONNX backend node test whose ops lower, compiled for this host and run from a package, against
/// output_*.pb. Prints pass counts per op; <c>expected-failures.txt</c> names the known failures (with reasons) and the
/// test fails when one of them starts passing.</summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    [CompiledConformanceFact]
    public void NodeTests_CompiledAndRun_MatchExpectedOutputs()
    {
        TestEnvironment.Require(TestEnvironment.NodeTestData);
        var target = LlvmLibrary.ResolveHost(out _).ShouldNotBeNull("this host is a code generation target");
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "expected-failures.txt"))
            .Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        var perOp = new SortedDictionary<string, (int Pass, int Fail)>(StringComparer.Ordinal);
        var failures = new List<string>();
        var unexpectedPasses = new List<string>();
        int compiled = 0, unsupported = 0;
        var dir = Directory.CreateTempSubdirectory("qc-conformance-");
        var watch = Stopwatch.StartNew();
        try
        {
            foreach (var c in NodeCase.All())
            {
                if (CompiledCase.Run(c, target, dir.FullName) is not { } outcome)
                {
                    unsupported++;
                    continue;
                }

                compiled++;
                foreach (var op in outcome.Ops)
                {
                    var (p, f) = perOp.GetValueOrDefault(op);
                    perOp[op] = outcome.Failure is null ? (p + 1, f) : (p, f + 1);
                }

                if (outcome.Failure is { } why && !expected.Contains(c.Id))
                {
                    failures.Add($"{c.Id}: {why}");
                }
                else if (outcome.Failure is null && expected.Contains(c.Id))
                {
                    unexpectedPasses.Add(c.Id);
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target {target}: {compiled} cases compiled and run, {unsupported} with unsupported ops, forms or types; {watch.Elapsed.TotalSeconds:0.0} s"));
        foreach (var (op, (p, f)) in perOp)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{op,-28} {p,4} pass {f,4} fail"));
        }

        foreach (var f in failures)
        {
            output.WriteLine("FAIL " + f);
        }

        failures.ShouldBeEmpty();
        unexpectedPasses.ShouldBeEmpty("these cases pass now: remove them from expected-failures.txt");
        compiled.ShouldBeGreaterThan(300);
    }
}
