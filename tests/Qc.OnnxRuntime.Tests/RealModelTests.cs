using Qc.Core.Tensors;
using Xunit.Abstractions;

namespace Qc.OnnxRuntime.Tests;

/// <summary>The PaddleOCR classifier and detector (fetched by scripts/setup.sh) on seeded inputs.</summary>
public sealed class RealModelTests(ITestOutputHelper output)
{
    [OrtFact(TestEnvironment.ClsModel)]
    public void Cls_Metadata()
    {
        TestEnvironment.RequireOrt(TestEnvironment.ClsModel);
        using var session = OrtSession.Open(TestEnvironment.Resolve(TestEnvironment.ClsModel));
        output.WriteLine($"inputs: {string.Join(", ", session.Inputs)}; outputs: {string.Join(", ", session.Outputs)}");
        var x = Assert.Single(session.Inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal(ElementType.F32, x.ElementType);
        Assert.Equal([-1L, 3L, -1L, -1L], x.Dims);
        var y = Assert.Single(session.Outputs);
        Assert.Equal("softmax_0.tmp_0", y.Name);
        Assert.Equal(ElementType.F32, y.ElementType);
        Assert.Equal(2, y.Dims.Length);
    }

    [OrtFact(TestEnvironment.ClsModel)]
    public void Cls_RunsDeterministicallyAndOutputsProbabilities()
    {
        TestEnvironment.RequireOrt(TestEnvironment.ClsModel);
        using var session = OrtSession.Open(TestEnvironment.Resolve(TestEnvironment.ClsModel));
        var input = new Dictionary<string, TensorData> { ["x"] = SeededImage(1, 3, 48, 192) };
        var first = session.Run(input)["softmax_0.tmp_0"];
        var second = session.Run(input)["softmax_0.tmp_0"];

        Assert.Equal([1L, 2L], first.Dims.ToArray());
        var p = first.ToArray<float>();
        output.WriteLine($"cls probabilities: {p[0]:R}, {p[1]:R}");
        Assert.All(p, v => Assert.True(float.IsFinite(v) && v >= 0 && v <= 1, $"{v} is not a probability"));
        Assert.InRange(p[0] + p[1], 1 - 1e-5, 1 + 1e-5);
        Assert.Equal(first.Data.ToArray(), second.Data.ToArray());
    }

    [OrtFact(TestEnvironment.DetModel)]
    public void Det_RunsDeterministicallyAndOutputsAProbabilityMap()
    {
        TestEnvironment.RequireOrt(TestEnvironment.DetModel);
        using var session = OrtSession.Open(TestEnvironment.Resolve(TestEnvironment.DetModel));
        output.WriteLine($"inputs: {string.Join(", ", session.Inputs)}; outputs: {string.Join(", ", session.Outputs)}");
        var name = Assert.Single(session.Outputs).Name;
        var input = new Dictionary<string, TensorData> { [Assert.Single(session.Inputs).Name] = SeededImage(1, 3, 640, 640) };
        var first = session.Run(input)[name];
        var second = session.Run(input)[name];

        Assert.Equal([1L, 1L, 640L, 640L], first.Dims.ToArray());
        var map = first.ToArray<float>();
        Assert.All(map, v => Assert.True(float.IsFinite(v) && v >= 0 && v <= 1, $"{v} is not a sigmoid output"));
        output.WriteLine($"det map: min {map.Min():R}, max {map.Max():R}, mean {map.Average():R}");
        Assert.Equal(first.Data.ToArray(), second.Data.ToArray());
    }

    /// <summary>A normalized image-like tensor in [-1, 1) from a fixed seed (System.Random with a seed is stable across .NET versions).</summary>
    internal static TensorData SeededImage(params long[] dims)
    {
        var random = new Random(20240601);
        var values = new float[TensorData.ElementCountOf(dims)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return TensorData.Create<float>(dims, values);
    }
}
