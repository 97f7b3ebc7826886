using System.Globalization;
using Qc.Core.Data;
using Qc.Core.Tensors;
using Qc.Driver.Compile;
using Qc.Driver.Emit;
using Qc.OnnxRuntime;
using Qc.Package;
using Qc.Runtime;

namespace Qc.Driver.Tests.Emit;

/// <summary>A fact that compiles real packages (LLVM 19, ld.lld-19, an x86-64 host) and needs ONNX Runtime and the given
/// files: skipped with the reason when any is missing, unless <c>CI=true</c> (then it runs and fails).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EmitFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute; paths are absolute or relative to the repository root.</summary>
    public EmitFactAttribute(params string[] paths) => Skip = TestEnvironment.IsCi ? null : EmitTestSupport.MissingReason() ?? TestEnvironment.MissingReason(true, paths);
}

/// <summary>Recipes, package emits, runs on qc's runtime and on ONNX Runtime, and the real test inputs of the emit tests.</summary>
internal static class EmitTestSupport
{
    public const string FashionCnn = "tests/fixtures/fashion-mnist/fashion_cnn.onnx";
    public const string FashionVit = "tests/fixtures/fashion-mnist/fashion_vit.onnx";
    public const string FashionTest = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    public const string ClsLines = ".cache/ocr-calibration/cls_lines.npz";
    public const string DetImages = ".cache/ocr-calibration/det_images.npz";

    /// <summary>Why packages cannot be compiled and run here, or null.</summary>
    public static string? MissingReason() => NativeToolchain.MissingReason("the emit tests run x86-64 packages");

    /// <summary>Writes a float recipe (only qc, model, inputs, target, output) and returns its path.</summary>
    public static string FloatRecipe(string dir, string model, string input, long[] shape, string target = "x86_64-linux-gnu:znver4")
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "recipe.yaml");
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            qc: 1
            model: {TestEnvironment.Resolve(model)}
            inputs: {"{"} {input}: [{string.Join(", ", shape)}] {"}"}
            target: {target}
            output: {dir}/out/model.qcpkg

            """));
        return path;
    }

    /// <summary>Runs the package emit and fails the test on any error.</summary>
    public static PackageEmitOutcome EmitPackage(string recipe, params string[] targets) => EmitPackage(new CompileRequest(recipe) { Emit = CompileEmit.Package }, targets);

    /// <summary>Runs the package emit of a request and fails the test on any error.</summary>
    public static PackageEmitOutcome EmitPackage(CompileRequest request, params string[] targets)
    {
        var outcome = PackageEmit.Run(new PackageEmitRequest(request) { Targets = [.. targets] });
        outcome.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
        outcome.PackagePath.ShouldNotBeNull();
        return outcome;
    }

    /// <summary>The first <paramref name="count"/> samples of a data set (one input each).</summary>
    public static List<TensorData> Samples(string path, int count, string? labels = null) =>
        [.. Datasets.Open(TestEnvironment.Resolve(path), labels: labels).ReadSamples().Take(count).Select(s => s.Inputs[0])];

    /// <summary>The first <paramref name="count"/> labelled samples.</summary>
    public static List<Sample> Labelled(string path, int count) => [.. Datasets.Open(TestEnvironment.Resolve(path)).ReadSamples().Take(count)];

    /// <summary>Runs a loaded package on one input tensor per model input (manifest order).</summary>
    public static List<TensorData> Run(QcModel model, params TensorData[] inputs)
    {
        var feeds = model.Inputs.Select((t, i) => (t.Name, Tensor: new QcTensor(t.DType, [.. inputs[i].Dims], inputs[i].Data.ToArray())))
            .ToDictionary(p => p.Name, p => p.Tensor, StringComparer.Ordinal);
        var result = model.Run(feeds);
        return [.. model.Outputs.Select(o => TensorData.FromBytes(ElementType.F32, [.. o.Shape], result[o.Name].Data))];
    }

    /// <summary>Runs an ONNX model on ONNX Runtime; outputs in the package's output order.</summary>
    public static List<TensorData> RunOrt(OrtSession session, QcModel model, params TensorData[] inputs)
    {
        var feeds = model.Inputs.Select((t, i) => (t.Name, inputs[i])).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal);
        var result = session.Run(feeds);
        return [.. model.Outputs.Select(o => result[o.Name])];
    }

    /// <summary>Accumulates Σ r² and Σ (q − r)² over many outputs: the SQNR of the whole comparison in dB.</summary>
    public sealed class Sqnr
    {
        private double _signal;
        private double _noise;

        public double MaxAbs { get; private set; }

        public void Add(TensorData got, TensorData reference)
        {
            got.ElementCount.ShouldBe(reference.ElementCount);
            var q = got.ToDoubleArray();
            var r = reference.ToDoubleArray();
            for (var i = 0; i < r.Length; i++)
            {
                _signal += r[i] * r[i];
                _noise += (q[i] - r[i]) * (q[i] - r[i]);
                MaxAbs = Math.Max(MaxAbs, Math.Abs(q[i] - r[i]));
            }
        }

        public double Db => _noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(_signal / _noise);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SQNR {Db:0.0} dB, max abs {MaxAbs:G3}");
    }

    /// <summary>The index of the largest value.</summary>
    public static int ArgMax(TensorData t)
    {
        var v = t.ToDoubleArray();
        var best = 0;
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i] > v[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Loads a package with its code cache in <paramref name="dir"/>.</summary>
    public static QcModel Load(string path, string dir, string? target = null, int threads = 1) =>
        QcModel.Load(path, new QcOptions { Threads = threads, CacheDirectory = Path.Combine(dir, "code-cache"), Target = target });

    /// <summary>Opens a package and returns its manifest.</summary>
    public static PackageManifest Manifest(string path)
    {
        using var package = QcPackage.Open(path);
        return package.Manifest;
    }
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
internal sealed class EmitTempDir : IDisposable
{
    public EmitTempDir() => Path = Directory.CreateTempSubdirectory("qc-emit-test-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
