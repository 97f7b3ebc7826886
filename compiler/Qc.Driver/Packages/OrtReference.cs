using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.OnnxRuntime;
using Qc.Package;
using Qc.Runtime;

namespace Qc.Driver.Packages;

/// <summary>ONNX Runtime as the reference for <c>qc verify</c> and <c>qc bench</c>: a session on the ONNX model with as
/// many intra-op threads as qc uses, checked against the package's interface before anything runs.</summary>
internal sealed class OrtReference : IDisposable
{
    private readonly OrtSession _session;
    private readonly string[] _outputNames;

    private OrtReference(OrtSession session, string modelPath, IReadOnlyList<ManifestTensor> outputs)
    {
        _session = session;
        ModelPath = modelPath;
        _outputNames = [.. outputs.Select(o => o.Name)];
    }

    public string ModelPath { get; }

    /// <summary>Opens the model with <paramref name="threads"/> intra-op threads and checks that its inputs and outputs
    /// match the package's; null after reporting why not.</summary>
    public static OrtReference? Open(string modelPath, int threads, QcModel model, DiagnosticBag bag)
    {
        if (!OrtLibrary.TryLoad(out var reason))
        {
            PackageDiagnostics.OrtUnavailable(bag, reason ?? "unknown reason");
            return null;
        }

        if (!File.Exists(modelPath))
        {
            PackageDiagnostics.ModelNotFound(bag, modelPath);
            return null;
        }

        OrtSession session;
        try
        {
            session = OrtSession.Open(modelPath, new OrtSessionOptions(threads));
        }
        catch (OrtException e)
        {
            PackageDiagnostics.OrtRejected(bag, modelPath, e.Message);
            return null;
        }

        if (!Matches(session, model, modelPath, bag))
        {
            session.Dispose();
            return null;
        }

        return new OrtReference(session, modelPath, model.Outputs);
    }

    /// <summary>Runs ONNX Runtime on the same inputs and returns the package's outputs by name, or null after reporting.</summary>
    public IReadOnlyDictionary<string, TensorData>? Run(IReadOnlyDictionary<string, QcTensor> inputs, DiagnosticBag bag)
    {
        try
        {
            return _session.Run(Convert(inputs), _outputNames);
        }
        catch (OrtException e)
        {
            PackageDiagnostics.OrtFailed(bag, ModelPath, e.Message);
            return null;
        }
    }

    /// <summary>The inputs converted once for <see cref="RunConverted"/> (timing without conversion).</summary>
    public static Dictionary<string, TensorData> Convert(IReadOnlyDictionary<string, QcTensor> inputs) =>
        inputs.ToDictionary(i => i.Key, i => PackageTensors.ToCore(i.Value), StringComparer.Ordinal);

    /// <summary>Runs on inputs already converted; ORT failures propagate as <see cref="OrtException"/>.</summary>
    public void RunConverted(IReadOnlyDictionary<string, TensorData> inputs) => _session.Run(inputs, _outputNames);

    public void Dispose() => _session.Dispose();

    private static bool Matches(OrtSession session, QcModel model, string modelPath, DiagnosticBag bag)
    {
        var errors = bag.Count(d => d.IsError);
        foreach (var spec in model.Inputs)
        {
            Match("input", spec, session.Inputs.FirstOrDefault(i => i.Name == spec.Name), modelPath, bag);
        }

        foreach (var extra in session.Inputs.Where(i => !model.Inputs.Any(s => s.Name == i.Name)))
        {
            PackageDiagnostics.ReferenceMismatch(bag, modelPath, $"the model has an input '{extra.Name}' the package does not have");
        }

        foreach (var spec in model.Outputs)
        {
            Match("output", spec, session.Outputs.FirstOrDefault(o => o.Name == spec.Name), modelPath, bag);
        }

        return bag.Count(d => d.IsError) == errors;
    }

    private static void Match(string role, ManifestTensor spec, OrtValueInfo? info, string modelPath, DiagnosticBag bag)
    {
        var expected = PackageDiagnostics.TypeText(spec.DType, spec.Shape);
        if (info is null)
        {
            PackageDiagnostics.ReferenceMismatch(bag, modelPath, $"the model has no {role} '{spec.Name}' (the package's {role} is {expected})");
            return;
        }

        var shapeMatches = info.Dims.Length == 0 || (info.Dims.Length == spec.Shape.Count && info.Dims.Zip(spec.Shape).All(p => p.First < 0 || p.First == p.Second));
        if (!info.IsTensor || info.ElementType != PackageTensors.ToCore(spec.DType) || !shapeMatches)
        {
            var got = info.IsTensor ? PackageDiagnostics.TypeText(PackageTensors.Name(info.ElementType), info.Dims) : info.Kind.ToString().ToLowerInvariant();
            PackageDiagnostics.ReferenceMismatch(bag, modelPath, $"{role} '{spec.Name}' is {expected} in the package but {got} in the model");
        }
    }
}
