using Qc.Core.Data;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;

namespace Qc.Calibration.Tests;

/// <summary>Every QC41xx diagnostic: bad input is a diagnostic, never an exception.</summary>
public sealed class DiagnosticTests : IDisposable
{
    private readonly string _folder = Fixture.NewCacheFolder();

    public void Dispose() => Fixture.Delete(_folder);

    private string Npy(string name, TensorData tensor)
    {
        var path = Path.Combine(_folder, name);
        NpyFormat.Write(path, tensor);
        return path;
    }

    private static TensorData Floats(params long[] dims)
    {
        var n = (int)TensorData.ElementCountOf(dims);
        return TensorData.Create<float>(dims, Synthetic.Uniform(n, 0, 1, 1));
    }

    private CalibrationResult Run(CalibrationRequest request) => new CalibrationSession(Path.Combine(_folder, "cache")).Run(request);

    private static Diagnostic Single(CalibrationResult r, int code)
    {
        var d = r.Diagnostics.ShouldHaveSingleItem(DiagnosticFormatter.Format(r.Diagnostics));
        d.Code.Number.ShouldBe(code);
        return d;
    }

    private static CalibrationRequest Cnn(string? dataPath, IReadOnlyList<ObservedTensor>? tensors = null, long? samples = 8) => new()
    {
        ModelPath = Fixture.CnnPath,
        DataPath = dataPath,
        Tensors = tensors,
        Options = new CalibrationOptions { Samples = samples, BatchSize = 4 },
    };

    [OrtFact(Fixture.Cnn)]
    public void MissingData_IsQC4101()
    {
        var r = Run(Cnn(Path.Combine(_folder, "absent.npy")));
        r.Success.ShouldBeFalse();
        r.Tensors.ShouldBeEmpty();
        Single(r, CalibrationCodes.DataUnreadable).Message.ShouldContain("does not exist");
        Single(Run(Cnn(null)), CalibrationCodes.DataUnreadable).Message.ShouldContain("no calibration data");
    }

    [OrtFact(Fixture.Cnn)]
    public void TruncatedData_IsQC4101()
    {
        var path = Path.Combine(_folder, "cut.npy");
        var bytes = NpyFormat.ToBytes(Floats(8, 1, 28, 28));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Single(Run(Cnn(path)), CalibrationCodes.DataUnreadable);
    }

    [OrtFact(Fixture.Cnn)]
    public void WrongShape_IsQC4102_NamingWhatTheModelExpects()
    {
        var d = Single(Run(Cnn(Npy("small.npy", Floats(8, 1, 27, 27)))), CalibrationCodes.DataMismatch);
        d.Message.ShouldContain("f32[4,1,27,27]");
        d.Hint!.ShouldContain("input: f32[-1,1,28,28]");
    }

    [OrtFact(Fixture.Cnn)]
    public void WrongElementType_IsQC4102()
    {
        var doubles = TensorData.Create<double>([8, 1, 28, 28], new double[8 * 784]);
        Single(Run(Cnn(Npy("f64.npy", doubles))), CalibrationCodes.DataMismatch).Message.ShouldContain("element type f64, not f32");
    }

    [OrtFact(Fixture.Cnn)]
    public void FlatRows_AreReshapedToTheModelInput()
    {
        var r = Run(Cnn(Npy("flat.npy", Floats(8, 784)), [new ObservedTensor("input")]));
        r.Success.ShouldBeTrue(DiagnosticFormatter.Format(r.Diagnostics));
        r.Tensors[0].SampleDims.ShouldBe([1L, 28, 28]);
    }

    [OrtFact(Fixture.Cnn)]
    public void UnknownTensor_IsQC4103()
    {
        var d = Single(Run(Cnn(Npy("ok.npy", Floats(8, 1, 28, 28)), [new ObservedTensor("input"), new ObservedTensor("no_such_value")])),
            CalibrationCodes.TensorNotFound);
        d.Message.ShouldContain("'no_such_value'");
    }

    [OrtFact]
    public void IntegerTensor_IsQC4104()
    {
        var request = new CalibrationRequest
        {
            ModelPath = "tiny.onnx",
            ModelBytes = TinyModels.CastAndLog(),
            DataPath = Npy("x.npy", Floats(8, 4)),
            Tensors = [new ObservedTensor("xi")],
        };
        Single(Run(request), CalibrationCodes.TensorNotFloat).Message.ShouldContain("'xi' is i64");
    }

    [OrtFact(Fixture.Cnn)]
    public void ZeroSamples_IsQC4105()
    {
        Single(Run(Cnn(Npy("empty.npy", Floats(0, 1, 28, 28)))), CalibrationCodes.NoSamples);
        Single(Run(Cnn(Npy("one.npy", Floats(1, 1, 28, 28)), samples: 0)), CalibrationCodes.NoSamples);
        var uncached = Cnn(Npy("empty2.npy", Floats(0, 1, 28, 28))) with { Options = new CalibrationOptions { UseCache = false } };
        Single(Run(uncached), CalibrationCodes.NoSamples);
    }

    [OrtFact]
    public void NonFiniteActivations_AreAWarning_AndIgnored()
    {
        // Cast truncates 0.3 to 0, whose Log is −inf; 1.5 → 1 → 0.
        var x = TensorData.Create<float>([2, 4], [0.3f, 1.5f, 2.5f, 3.5f, 1f, 1f, 1f, 1f]);
        var request = new CalibrationRequest
        {
            ModelPath = "tiny.onnx",
            ModelBytes = TinyModels.CastAndLog(),
            DataPath = Npy("x.npy", x),
            Tensors = [new ObservedTensor("y")],
        };
        var r = Run(request);
        r.Success.ShouldBeTrue();
        var d = Single(r, CalibrationCodes.NonFiniteActivations);
        d.Severity.ShouldBe(Severity.Warning);
        d.Message.ShouldContain("1 NaN or infinite values out of 8");
        r.Tensors[0].Observed.ShouldBe(new Observers.CalibrationRange(0f, MathF.Log(3)));
        r.Tensors[0].Count.ShouldBe(7);
    }

    [OrtFact]
    public void TwoDataInputsForAOneInputModel_IsQC4102()
    {
        var path = Path.Combine(_folder, "two.npz");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "a", "b" })
            {
                using var s = zip.CreateEntry(name + ".npy").Open();
                s.Write(NpyFormat.ToBytes(Floats(4, 4)));
            }
        }

        var request = new CalibrationRequest
        {
            ModelPath = "tiny.onnx",
            ModelBytes = TinyModels.CastAndLog(),
            Data = new NpzDataset(path),
            Tensors = [new ObservedTensor("y")],
        };
        Single(Run(request), CalibrationCodes.DataMismatch).Message.ShouldContain("2 input tensor(s) per sample, the model 1");
    }

    [OrtFact]
    public void ModelOrtCannotLoad_IsQC4108()
    {
        var request = new CalibrationRequest
        {
            ModelPath = "junk.onnx",
            ModelBytes = "not a model"u8.ToArray(),
            DataPath = Npy("x.npy", Floats(2, 4)),
            Tensors = [new ObservedTensor("y")],
        };
        Single(Run(request), CalibrationCodes.OrtFailed);
    }

    [OrtFact]
    public void UnwritableCache_IsAWarning()
    {
        var blocker = Path.Combine(_folder, "file-not-folder");
        File.WriteAllText(blocker, "");
        var request = new CalibrationRequest
        {
            ModelPath = "tiny.onnx",
            ModelBytes = TinyModels.CastAndLog(),
            DataPath = Npy("x.npy", TensorData.Create<float>([2, 4], [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f])),
            Tensors = [new ObservedTensor("xf")],
        };
        var r = new CalibrationSession(blocker).Run(request);
        r.Success.ShouldBeTrue();
        Single(r, CalibrationCodes.CacheUnwritable);
        r.CachePath.ShouldBeNull();
        r.Tensors[0].Observed.ShouldBe(new Observers.CalibrationRange(1f, 8f));
    }

    [Fact]
    public void MissingModelFile_IsADiagnostic()
    {
        var r = Run(new CalibrationRequest { ModelPath = Path.Combine(_folder, "absent.onnx"), DataPath = "x.npy" });
        r.Diagnostics.ShouldHaveSingleItem().Code.Number.ShouldBe(3001);
    }
}
