using System.Globalization;
using Qc.Core.Tensors;
using Qc.Onnx.Export;
using Qc.OnnxRuntime;
using Xunit.Abstractions;

namespace Qc.Onnx.Tests.Export;

/// <summary>Real models through import → export: ONNX Runtime gives the same outputs (within 1e-6) for the exported model as for the original.</summary>
public sealed class RealModelExportTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, long[]> Models => new()
    {
        { TestEnvironment.ClsModel, "x", [1, 3, 48, 192] },
        { TestEnvironment.DetModel, "x", [1, 3, 320, 320] },
        { "tests/fixtures/fashion-mnist/fashion_cnn.onnx", "input", [4, 1, 28, 28] },
        { "tests/fixtures/fashion-mnist/fashion_vit.onnx", "input", [4, 1, 28, 28] },
    };

    [OrtTheory]
    [MemberData(nameof(Models))]
    public void ExportedModel_GivesTheOriginalsOutputsOnOrt(string model, string input, long[] dims)
    {
        var path = TestEnvironment.Resolve(model);
        if (TestEnvironment.SkipReason(true, [path]) is { } reason)
        {
            output.WriteLine("skipped: " + reason);
            return;
        }

        TestEnvironment.RequireOrt(path);
        var imported = OnnxImporter.Import(path);
        Assert.True(imported.Success, string.Join("\n", imported.Diagnostics));
        var exported = OnnxExporter.Export(imported.Module!);
        Assert.True(exported.Success, string.Join("\n", exported.Diagnostics));
        var bytes = exported.ToBytes();
        Assert.Null(ExportCaseRunner.ComparePrints(imported.Module!, bytes));

        var rng = new Random(1234);
        var count = checked((int)TensorData.ElementCountOf(dims));
        var x = new float[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = (float)rng.NextDouble();
        }

        var feeds = new Dictionary<string, TensorData> { [input] = TensorData.Create<float>(dims, x) };
        using var original = OrtSession.Open(path);
        using var again = OrtSession.Open(bytes);
        var expected = original.Run(feeds);
        var got = again.Run(feeds);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, e) in expected)
        {
            Assert.Equal(e.Dims.ToArray(), got[name].Dims.ToArray());
            var diff = Tolerance.MaxAbsDiff(e, got[name]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)} output '{name}' [{string.Join("x", e.Dims)}]: max |diff| {diff:G3}; {new FileInfo(path).Length} bytes → {bytes.Length} bytes"));
            Assert.True(diff <= 1e-6, $"output '{name}' differs by {diff}");
        }
    }
}
