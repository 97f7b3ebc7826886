using System.Collections.Immutable;
using Qc.Calibration.Observers;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Onnx;
using Xunit.Abstractions;

namespace Qc.Calibration.Tests;

/// <summary>End to end on the Fashion-MNIST CNN fixture over the real test images.</summary>
public sealed class CalibrationSessionTests(ITestOutputHelper output) : IDisposable
{
    private readonly List<string> _folders = [];

    public void Dispose() => _folders.ForEach(Fixture.Delete);

    private CalibrationSession NewSession()
    {
        var folder = Fixture.NewCacheFolder();
        _folders.Add(folder);
        return new CalibrationSession(folder);
    }

    private static readonly ImmutableArray<ObserverSpec> s_observers =
        [ObserverSpec.ForPercentile(99.99), ObserverSpec.MinMax, ObserverSpec.ForKl(), ObserverSpec.ForMse()];

    private static CalibrationRequest Request(long samples, IReadOnlyList<IActivationSink>? sinks = null) => new()
    {
        ModelPath = Fixture.CnnPath,
        Data = Fixture.TestSet(),
        Options = new CalibrationOptions { Samples = samples, BatchSize = 64, Observers = s_observers },
        Sinks = sinks ?? [],
    };

    [OrtFact(Fixture.Cnn, Fixture.FashionMnist)]
    public void FashionCnn_256Images_GivesPlausibleRanges_AndTheSecondRunIsACacheHit()
    {
        TestEnvironment.RequireOrt(Fixture.Cnn, Fixture.FashionMnist);
        var session = NewSession();
        var reports = new List<CalibrationProgress>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var first = session.Run(Request(256), new SyncProgress(reports));
        var firstSeconds = watch.Elapsed.TotalSeconds;
        first.Success.ShouldBeTrue(DiagnosticFormatter.Format(first.Diagnostics));
        first.FromCache.ShouldBeFalse();
        first.OrtRuns.ShouldBe(4);
        first.Samples.ShouldBe(256);
        File.Exists(first.CachePath).ShouldBeTrue();

        // The selector picks the float input of every Conv and Gemm; the first is the image itself, in [0, 1].
        first.Tensors.Length.ShouldBeGreaterThanOrEqualTo(3);
        var image = first.Tensors[0];
        image.Name.ShouldBe("input");
        image.Observed.Min.ShouldBe(0f);
        image.Observed.Max.ShouldBe(1f);
        image.Count.ShouldBe(256L * 28 * 28);
        image.Moments.Channels.ShouldBe(1);
        image.Moments.Mean[0].ShouldBeInRange(0.2, 0.4); // Fashion-MNIST's mean pixel is about 0.29
        foreach (var t in first.Tensors)
        {
            output.WriteLine($"{t.Name} [{string.Join(",", t.SampleDims)}]: minmax {t.Observed}, " +
                string.Join(", ", t.Observers.Select(o => $"{o.Spec} {o.Range}")) + $", {t.Moments.Channels} channels on axis {t.Moments.Axis}");
            t.NonFinite.ShouldBe(0);
            float.IsFinite(t.Observed.Min).ShouldBeTrue();
            float.IsFinite(t.Observed.Max).ShouldBeTrue();
            t.Observed.Max.ShouldBeGreaterThan(t.Observed.Min);
            t.Observed.AbsMax.ShouldBeLessThan(1000f);
            foreach (var o in t.Observers)
            {
                o.Range.Min.ShouldBeGreaterThanOrEqualTo(t.Observed.Min, o.Spec.ToString());
                o.Range.Max.ShouldBeLessThanOrEqualTo(t.Observed.Max, o.Spec.ToString());
                o.Range.Max.ShouldBeGreaterThan(0f, o.Spec.ToString());
            }

            t.Find(ObserverSpec.MinMax)!.Range.ShouldBe(t.Observed);
            t.Moments.Channels.ShouldBe((int)t.SampleDims[t.Moments.Axis - 1]);
            t.Moments.MeanSquare.Zip(t.Moments.Mean).ShouldAllBe(p => p.First + 1e-9 >= p.Second * p.Second);
        }

        // Inputs of the later Conv/Gemm follow ReLU (and pooling): non-negative.
        first.Tensors.Skip(1).ShouldAllBe(t => t.Observed.Min >= 0f);

        reports.Select(r => r.SamplesDone).ShouldBe([0L, 64, 128, 192, 256]);
        reports.ShouldAllBe(r => r.SamplesTotal == 256);
        reports[^1].Fraction.ShouldBe(1.0);

        watch.Restart();
        var second = session.Run(Request(256));
        var secondSeconds = watch.Elapsed.TotalSeconds;
        second.Success.ShouldBeTrue(DiagnosticFormatter.Format(second.Diagnostics));
        second.FromCache.ShouldBeTrue();
        second.OrtRuns.ShouldBe(0);
        second.CacheKey.ShouldBe(first.CacheKey);
        second.Tensors.ShouldBe(first.Tensors);
        output.WriteLine($"first run {firstSeconds:F2} s ({first.OrtRuns} ORT runs, state {first.StateBytes} bytes), cache hit {secondSeconds:F2} s");

        // Any change of the inputs misses: another sample count, another observer.
        session.Run(Request(128)).FromCache.ShouldBeFalse();
        session.Run(Request(256) with { Options = new CalibrationOptions { Samples = 256, BatchSize = 64 } }).FromCache.ShouldBeFalse();
    }

    [OrtFact(Fixture.Cnn, Fixture.FashionMnist)]
    public void State_IsIndependentOfTheSampleCount()
    {
        TestEnvironment.RequireOrt(Fixture.Cnn, Fixture.FashionMnist);
        var session = NewSession();
        var small = session.Run(Request(64) with { Options = new CalibrationOptions { Samples = 64, Observers = s_observers, UseCache = false } });
        var large = session.Run(Request(320) with { Options = new CalibrationOptions { Samples = 320, Observers = s_observers, UseCache = false } });
        small.Success.ShouldBeTrue(DiagnosticFormatter.Format(small.Diagnostics));
        large.Success.ShouldBeTrue(DiagnosticFormatter.Format(large.Diagnostics));
        large.Samples.ShouldBe(320);
        large.StateBytes.ShouldBe(small.StateBytes);
        large.CacheKey.ShouldBeNull();
        output.WriteLine($"state {large.StateBytes} bytes for {large.Tensors.Length} tensors x {s_observers.Length} observers");
        large.StateBytes.ShouldBeLessThan(large.Tensors.Length * s_observers.Length * 40_000L);
    }

    [OrtFact(Fixture.Cnn, Fixture.FashionMnist)]
    public void Sinks_ReceiveEveryBatch_EvenWhenTheStatisticsAreCached()
    {
        TestEnvironment.RequireOrt(Fixture.Cnn, Fixture.FashionMnist);
        var session = NewSession();
        session.Run(Request(100)).Success.ShouldBeTrue();
        var tensors = session.Run(Request(100)).Tensors;
        var sink = new SumOfSquaresSink(tensors[1].Name);
        var withSink = session.Run(Request(100, [sink]));
        withSink.Success.ShouldBeTrue(DiagnosticFormatter.Format(withSink.Diagnostics));
        withSink.FromCache.ShouldBeFalse();
        withSink.OrtRuns.ShouldBe(2);
        sink.Starts.ShouldBe([0L, 64]);
        sink.Samples.ShouldBe(100);
        // The sink saw the same values as the moments: E[x²] summed over channels equals Σx² / (samples · spatial).
        var t = tensors[1];
        var spatial = t.SampleDims.Skip(1).Aggregate(1L, (a, b) => a * b);
        (sink.SumSquares / (100.0 * spatial)).ShouldBe(t.Moments.MeanSquare.Sum(), t.Moments.MeanSquare.Sum() * 1e-6);
    }

    [OrtFact(Fixture.Cnn, Fixture.FashionMnist)]
    public void CorruptCacheFile_IsAWarning_AndIsRecomputed()
    {
        TestEnvironment.RequireOrt(Fixture.Cnn, Fixture.FashionMnist);
        var session = NewSession();
        // Through Datasets.Open on the Fashion-MNIST folder this time.
        var request = Request(64) with { Data = null, DataPath = Fixture.FashionMnist };
        var first = session.Run(request);
        first.Success.ShouldBeTrue(DiagnosticFormatter.Format(first.Diagnostics));
        var written = File.ReadAllBytes(first.CachePath!);
        File.WriteAllText(first.CachePath!, "{ \"format\": \"qc-calibration\", \"version\": 1, \"tens");
        var second = session.Run(request);
        second.Success.ShouldBeTrue();
        second.FromCache.ShouldBeFalse();
        second.OrtRuns.ShouldBe(1);
        second.Diagnostics.ShouldHaveSingleItem().Code.Number.ShouldBe(CalibrationCodes.CacheCorrupt);
        second.Tensors.ShouldBe(first.Tensors);
        File.ReadAllBytes(second.CachePath!).ShouldBe(written); // the same statistics give the same bytes
        session.Run(request).FromCache.ShouldBeTrue();
        session.Run(Request(64)).FromCache.ShouldBeTrue(); // the key hashes sample contents, not how the data was opened
    }

    [OrtFact(Fixture.Cnn, Fixture.FashionMnist)]
    public void SeededSubsets_AreReproducible_AndDifferFromThePrefix()
    {
        TestEnvironment.RequireOrt(Fixture.Cnn, Fixture.FashionMnist);
        var session = NewSession();
        CalibrationResult Run(long? seed) => session.Run(Request(64) with
        {
            Tensors = [new ObservedTensor("input")],
            Options = new CalibrationOptions { Samples = 64, Seed = seed, UseCache = false },
        });

        var a = Run(7);
        var b = Run(7);
        var prefix = Run(null);
        a.Success.ShouldBeTrue(DiagnosticFormatter.Format(a.Diagnostics));
        a.Tensors.ShouldBe(b.Tensors);
        a.Tensors[0].Moments.Mean[0].ShouldNotBe(prefix.Tensors[0].Moments.Mean[0]);
    }

    [DataFact(Fixture.Cnn, Fixture.Vit, TestEnvironment.ClsModel, TestEnvironment.DetModel)]
    public void SelectedNames_AreOnnxValueNames()
    {
        TestEnvironment.Require(Fixture.Cnn, Fixture.Vit, TestEnvironment.ClsModel, TestEnvironment.DetModel);
        foreach (var path in new[] { Fixture.Cnn, Fixture.Vit, TestEnvironment.ClsModel, TestEnvironment.DetModel })
        {
            var bytes = File.ReadAllBytes(TestEnvironment.Resolve(path));
            var import = OnnxImporter.Import(bytes, path, null);
            import.Success.ShouldBeTrue(path);
            var selected = ActivationSelector.WeightInputs(import.Module!);
            selected.ShouldNotBeEmpty(path);
            selected.Select(s => s.Name).ShouldBeUnique(path);
            // AddOutputs throws for any name that is not a value of the ONNX graph.
            Should.NotThrow(() => OnnxModelEditor.AddOutputs(bytes, selected.Select(s => s.Name)), path);
            output.WriteLine($"{path}: {selected.Length} tensors, e.g. {string.Join(", ", selected.Take(3).Select(s => $"{s.Name} (axis {s.ChannelAxis}, {s.Consumer})"))}");
        }
    }

    [DataFact(Fixture.Vit)]
    public void VitSelection_HasAttentionMatMulsWithBothInputs()
    {
        TestEnvironment.Require(Fixture.Vit);
        var import = OnnxImporter.Import(TestEnvironment.Resolve(Fixture.Vit));
        var selected = ActivationSelector.WeightInputs(import.Module!);
        selected.ShouldContain(s => s.Consumer!.StartsWith("MatMul", StringComparison.Ordinal));
        selected.ShouldContain(s => s.Consumer!.StartsWith("Gemm", StringComparison.Ordinal) || s.Consumer!.StartsWith("MatMul", StringComparison.Ordinal));
        selected.ShouldAllBe(s => s.ChannelAxis >= 0);
    }

    private sealed class SyncProgress(List<CalibrationProgress> into) : IProgress<CalibrationProgress>
    {
        public void Report(CalibrationProgress value) => into.Add(value);
    }

    private sealed class SumOfSquaresSink(string tensor) : IActivationSink
    {
        public IReadOnlyList<string> Tensors { get; } = [tensor];

        public List<long> Starts { get; } = [];

        public long Samples { get; private set; }

        public double SumSquares { get; private set; }

        public void Accept(ActivationBatch batch)
        {
            batch.Tensor.ShouldBe(tensor);
            Starts.Add(batch.FirstSample);
            Samples += batch.SampleCount;
            batch.Value.Dims[0].ShouldBe(batch.SampleCount);
            foreach (var v in batch.Value.AsSpan<float>())
            {
                SumSquares += (double)v * v;
            }
        }
    }
}
