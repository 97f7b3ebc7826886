using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Onnx;
using Qc.OnnxRuntime;

namespace Qc.Driver;

/// <summary>What <c>qc run-onnx</c> should do.</summary>
/// <param name="ModelPath">The .onnx model.</param>
/// <param name="Inputs">Input bindings <c>NAME=FILE</c> or bare <c>FILE</c> (bound to the model's inputs in order); .npy or TensorProto .pb files.</param>
/// <param name="Captures">Names of intermediate tensors to return in addition to the model outputs.</param>
/// <param name="Threads">Intra-op threads for ONNX Runtime.</param>
public sealed record OnnxRunRequest(string ModelPath, IReadOnlyList<string> Inputs, IReadOnlyList<string> Captures, int Threads = 1);

/// <summary>The outputs (model outputs first, then captures, by name) and diagnostics of a run.</summary>
public sealed record OnnxRunOutcome(IReadOnlyList<KeyValuePair<string, TensorData>> Outputs, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when the run produced outputs without errors.</summary>
    public bool Success => !Diagnostics.Any(d => d.IsError);
}

/// <summary>Runs an ONNX model on ONNX Runtime with inputs from files, optionally capturing intermediate tensors.</summary>
public static class OnnxRun
{
    /// <summary>Runs the request. Never throws for bad input.</summary>
    public static OnnxRunOutcome Run(OnnxRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bag = new DiagnosticBag();
        var none = (IReadOnlyList<KeyValuePair<string, TensorData>>)[];
        if (!OrtLibrary.TryLoad(out var reason))
        {
            bag.Error(DriverCodes.OrtUnavailable, Location.None, "ONNX Runtime is not available: " + reason,
                "run scripts/setup.sh, or point QC_ORT_LIB at a libonnxruntime.so built for ONNX Runtime 1.30");
            return new OnnxRunOutcome(none, [.. bag]);
        }

        if (!File.Exists(request.ModelPath))
        {
            bag.Error(3001, new FileLocation(request.ModelPath), $"model file '{request.ModelPath}' not found");
            return new OnnxRunOutcome(none, [.. bag]);
        }

        byte[] model = File.ReadAllBytes(request.ModelPath);
        if (request.Captures.Count > 0)
        {
            try
            {
                model = OnnxModelEditor.AddOutputs(model, request.Captures);
            }
            catch (Exception e) when (e is OnnxFormatException or ArgumentException or KeyNotFoundException)
            {
                bag.Error(DriverCodes.UnknownCapture, new FileLocation(request.ModelPath), "cannot capture: " + e.Message,
                    "name a tensor the model computes; 'qc import --print-ir' lists them");
                return new OnnxRunOutcome(none, [.. bag]);
            }
        }

        OrtSession session;
        try
        {
            session = OrtSession.Open(model, new OrtSessionOptions(request.Threads));
        }
        catch (OrtException e)
        {
            bag.Error(DriverCodes.OrtModelRejected, new FileLocation(request.ModelPath), "ONNX Runtime cannot load the model: " + e.Message,
                "check the model with 'qc import'");
            return new OnnxRunOutcome(none, [.. bag]);
        }

        using (session)
        {
            var inputs = BindInputs(request, session, bag);
            if (inputs is null)
            {
                return new OnnxRunOutcome(none, [.. bag]);
            }

            try
            {
                var outputs = session.Run(inputs);
                return new OnnxRunOutcome([.. outputs], [.. bag]);
            }
            catch (OrtException e)
            {
                bag.Error(DriverCodes.OrtRunFailed, new FileLocation(request.ModelPath), "ONNX Runtime failed: " + e.Message);
                return new OnnxRunOutcome(none, [.. bag]);
            }
        }
    }

    /// <summary>Reads a tensor from a .npy or TensorProto .pb file.</summary>
    public static TensorData ReadTensorFile(string path) =>
        path.EndsWith(".pb", StringComparison.OrdinalIgnoreCase) ? OnnxTensors.ReadFile(path) : NpyFormat.Read(path);

    private static Dictionary<string, TensorData>? BindInputs(OnnxRunRequest request, OrtSession session, DiagnosticBag bag)
    {
        var result = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        var positional = 0;
        foreach (var binding in request.Inputs)
        {
            var (name, file) = ShapeArgument.ParseBinding(binding);
            if (name is null)
            {
                while (positional < session.Inputs.Count && result.ContainsKey(session.Inputs[positional].Name))
                {
                    positional++;
                }

                if (positional >= session.Inputs.Count)
                {
                    bag.Error(DriverCodes.InputMismatch, new FileLocation(file), $"the model has {session.Inputs.Count} inputs, more files were given",
                        "bind files by name: --input NAME=FILE");
                    return null;
                }

                name = session.Inputs[positional++].Name;
            }

            if (!session.Inputs.Any(i => i.Name == name))
            {
                bag.Error(DriverCodes.InputMismatch, Location.None, $"the model has no input '{name}'",
                    "inputs are: " + string.Join(", ", session.Inputs.Select(i => i.ToString())));
                return null;
            }

            try
            {
                result[name] = ReadTensorFile(file);
            }
            catch (Exception e) when (e is IOException or FormatException or OnnxFormatException or UnauthorizedAccessException or ArgumentException)
            {
                bag.Error(DriverCodes.BadInputFile, new FileLocation(file), $"cannot read input '{name}': {e.Message}",
                    "inputs are .npy files (C order, little-endian) or ONNX TensorProto .pb files");
                return null;
            }
        }

        var missing = session.Inputs.Where(i => !result.ContainsKey(i.Name)).ToList();
        if (missing.Count > 0)
        {
            bag.Error(DriverCodes.InputMismatch, Location.None, "missing input " + string.Join(", ", missing.Select(m => $"'{m}'")),
                "give one --input per model input");
            return null;
        }

        return result;
    }
}
