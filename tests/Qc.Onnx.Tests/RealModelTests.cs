using System.Diagnostics;
using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Xunit.Abstractions;

namespace Qc.Onnx.Tests;

/// <summary>Imports the PaddleOCR cls and det models (fetched by scripts/setup.sh into .cache/models).</summary>
public sealed class RealModelTests(ITestOutputHelper output)
{
    private static ImportOptions Pinned(params long[] dims) =>
        new() { InputShapes = new Dictionary<string, Dim[]> { ["x"] = [.. dims.Select(Dim.Of)] } };

    [RequiresFileFact("cls")]
    public void ClsModelInfersStaticTypesWithPinnedInput()
    {
        var result = OnnxImporter.Import(TestPaths.ClsModel, Pinned(1, 3, 48, 192));
        Assert.True(result.Success, DiagnosticFormatter.Format(result.Diagnostics));
        var module = result.Module!;
        Assert.Equal("tensor<1x2xf32>", Assert.Single(module.Main.Outputs).Type.ToString());
        AssertFullyStatic(module);
        Assert.DoesNotContain(module.Main.AllOps(), op => op is OpaqueOp);

        // Weights are Constant nodes in this model: each becomes a named constant with data.
        Assert.True(module.Constants.Count >= 250, $"expected the 250 Constant nodes as constants, found {module.Constants.Count}");
        Assert.All(module.Constants, c => Assert.NotNull(c.Data));
        Assert.Contains(module.Metadata, kv => kv.Key == "opset_import" && kv.Value is StringsAttr { Values: ["ai.onnx:9"] });
    }

    [RequiresFileFact("cls")]
    public void ClsModelWithoutPinningKeepsTheSymbolicBatch()
    {
        var result = OnnxImporter.Import(TestPaths.ClsModel);
        Assert.True(result.Success, DiagnosticFormatter.Format(result.Diagnostics));
        var type = Assert.IsType<TensorType>(Assert.Single(result.Module!.Main.Parameters).Type);
        Assert.Equal(ElementType.F32, type.ElementType);
        Assert.Equal(4, type.Rank);
    }

    [RequiresFileFact("det")]
    public void DetModelInfersStaticTypesWithPinnedInput()
    {
        // Warm up the code paths, then time a second import (reported, not asserted).
        var first = Stopwatch.StartNew();
        OnnxImporter.Import(TestPaths.DetModel, Pinned(1, 3, 640, 640));
        first.Stop();
        var watch = Stopwatch.StartNew();
        var result = OnnxImporter.Import(TestPaths.DetModel, Pinned(1, 3, 640, 640));
        watch.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"det import: {watch.Elapsed.TotalMilliseconds:F0} ms warm, {first.Elapsed.TotalMilliseconds:F0} ms first call in this process"));

        Assert.True(result.Success, DiagnosticFormatter.Format(result.Diagnostics));
        var module = result.Module!;
        Assert.Equal("tensor<1x1x640x640xf32>", Assert.Single(module.Main.Outputs).Type.ToString());
        AssertFullyStatic(module);
        Assert.DoesNotContain(module.Main.AllOps(), op => op is OpaqueOp);
        Assert.True(module.Constants.Count >= 342, $"expected the 342 Constant nodes as constants, found {module.Constants.Count}");
    }

    [RequiresFileFact("cls")]
    public void ClsModelRoundTripsThroughIrText()
    {
        var result = OnnxImporter.Import(TestPaths.ClsModel, Pinned(1, 3, 48, 192));
        Assert.True(result.Success, DiagnosticFormatter.Format(result.Diagnostics));
        Assert.Null(Conformance.ConformanceCase.RoundTrip(result.Module!));
    }

    [RequiresFileFact("cls")]
    public void PinningWithTheWrongRankIsAnError()
    {
        var result = OnnxImporter.Import(TestPaths.ClsModel, Pinned(1, 3, 48));
        Assert.Contains(result.Diagnostics, d => d.Code.Number == OnnxDiagnosticCodes.PinnedRank);
        Assert.False(result.Success);
    }

    private static void AssertFullyStatic(GraphModule module)
    {
        var verify = new DiagnosticBag();
        Assert.True(GraphVerifier.Verify(module, verify, requireTypes: true), DiagnosticFormatter.Format(verify));
        var notStatic = module.Main.AllOps().SelectMany(op => op.Results)
            .Where(r => r.Type is not TensorType { IsStatic: true })
            .Select(r => $"%{r.Name}: {r.Type} ('graph.{r.Producer?.Mnemonic}')")
            .ToList();
        Assert.True(notStatic.Count == 0, "results without a static type:\n" + string.Join("\n", notStatic.Take(20)));
    }
}
