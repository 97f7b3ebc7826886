using Qc.Core.Diagnostics;
using Qc.Ir.Graph;
using Qc.Onnx;

namespace Qc.Fixtures.Tests;

/// <summary>The fixtures import into qc with fully static types once the batch is pinned to 1.</summary>
public sealed class FixtureImportTests
{
    [Theory]
    [MemberData(nameof(Fixtures.Models), MemberType = typeof(Fixtures))]
    public void ImportsWithFullyStaticTypes(string key)
    {
        var model = Fixtures.Model(key);
        var result = OnnxImporter.Import(model.Path,
            new ImportOptions { InputShapes = new Dictionary<string, Dim[]> { [model.Input] = [Dim.Of(1), Dim.Of(1), Dim.Of(28), Dim.Of(28)] } });
        Assert.True(result.Success, DiagnosticFormatter.Format(result.Diagnostics));
        var module = result.Module!;
        Assert.Equal("tensor<1x10xf32>", Assert.Single(module.Main.Outputs).Type.ToString());
        Assert.DoesNotContain(module.Main.AllOps(), op => op is OpaqueOp);

        var verify = new DiagnosticBag();
        Assert.True(GraphVerifier.Verify(module, verify, requireTypes: true), DiagnosticFormatter.Format(verify));
        var notStatic = module.Main.AllOps().SelectMany(op => op.Results)
            .Where(r => r.Type is not TensorType { IsStatic: true })
            .Select(r => $"%{r.Name}: {r.Type} ('graph.{r.Producer?.Mnemonic}')")
            .ToList();
        Assert.True(notStatic.Count == 0, "results without a static type:\n" + string.Join("\n", notStatic.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Fixtures.Models), MemberType = typeof(Fixtures))]
    public void FixturesAreSmall(string key) => Assert.InRange(new FileInfo(Fixtures.Model(key).Path).Length, 1, 1 << 20);
}
