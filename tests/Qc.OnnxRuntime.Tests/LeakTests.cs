using System.Diagnostics;
using Qc.Core.Tensors;
using Xunit.Abstractions;

namespace Qc.OnnxRuntime.Tests;

/// <summary>Proves that runs release every ORT object: the binding's live-object count returns to where it was and memory stays flat over 1000 runs.</summary>
[Collection(LeakTestCollection.Name)]
public sealed class LeakTests(ITestOutputHelper output)
{
    private const int Runs = 1000;

    /// <summary>Each run moves 2 MiB through ORT (two 256 KiB inputs, two outputs, plus strings), so a leaked value would show as hundreds of MiB.</summary>
    [OrtFact]
    public void ThousandRuns_OfSmallModels_LeakNothing()
    {
        using var addSub = OrtSession.Open(TestModels.AddSub(width: 1024));
        using var strings = OrtSession.Open(TestModels.Identity(ElementType.String, -1));
        var x = TensorData.Create<float>([64, 1024], Enumerable.Range(0, 64 * 1024).Select(i => (float)i).ToArray());
        var addSubInputs = new Dictionary<string, TensorData> { ["X"] = x, ["Y"] = x };
        var stringInputs = new Dictionary<string, TensorData> { ["X"] = TensorData.FromStrings([3], ["alpha", "beta", new string('g', 1000)]) };
        var unknown = new Dictionary<string, TensorData> { ["nope"] = x };

        Measure(() =>
        {
            Assert.Equal(2, addSub.Run(addSubInputs).Count);
            Assert.Equal(3, strings.Run(stringInputs)["Y"].Strings.Length);
            Assert.Throws<OrtException>(() => addSub.Run(unknown));
        });
    }

    [OrtFact(TestEnvironment.ClsModel)]
    public void ThousandRuns_OfTheClsModel_LeakNothing()
    {
        TestEnvironment.RequireOrt(TestEnvironment.ClsModel);
        using var session = OrtSession.Open(TestEnvironment.Resolve(TestEnvironment.ClsModel));
        var inputs = new Dictionary<string, TensorData> { ["x"] = RealModelTests.SeededImage(1, 3, 48, 192) };
        Measure(() => Assert.Single(session.Run(inputs)));
    }

    private void Measure(Action run)
    {
        // Warm up: ORT's arena and thread pools grow on the first runs and then stay.
        for (var i = 0; i < 50; i++)
        {
            run();
        }

        var objectsBefore = NativeApi.LiveObjects;
        var rssBefore = Rss();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            run();
        }

        clock.Stop();
        var objectsAfter = NativeApi.LiveObjects;
        var rssAfter = Rss();
        output.WriteLine($"{Runs} runs in {clock.ElapsedMilliseconds} ms; live ORT objects {objectsBefore} -> {objectsAfter}; RSS {rssBefore >> 20} -> {rssAfter >> 20} MiB");
        Assert.Equal(objectsBefore, objectsAfter);
        Assert.True(rssAfter - rssBefore < (64L << 20), $"RSS grew by {(rssAfter - rssBefore) >> 20} MiB over {Runs} runs");
    }

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
