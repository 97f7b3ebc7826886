using System.Runtime.InteropServices;
using Qc.Core.Diagnostics;
using Qc.Onnx;
using Qc.Package;
using Qc.Runtime;

namespace Qc.Driver.Packages;

/// <summary>Binds the inputs of a package command to the package's inputs and checks their names, element types and
/// shapes before anything runs, reporting every mistake at once.</summary>
internal static class PackageInputs
{
    /// <summary>The input sets (one per sample) for <paramref name="inputs"/>, or null after reporting errors.</summary>
    public static IReadOnlyList<Dictionary<string, QcTensor>>? Bind(PackageInputSource source, IReadOnlyList<ManifestTensor> inputs, DiagnosticBag bag)
    {
        if (source.Random && source.Files.Count > 0)
        {
            PackageDiagnostics.BadArgument(bag, "--random-inputs and --input exclude each other", "give input files or random inputs, not both");
            return null;
        }

        if (source.Samples < 1)
        {
            PackageDiagnostics.BadArgument(bag, $"--samples must be at least 1, not {source.Samples}");
            return null;
        }

        if (source.Samples > 1 && !source.Random)
        {
            PackageDiagnostics.BadArgument(bag, "--samples needs --random-inputs", "several samples are drawn only for random inputs");
            return null;
        }

        if (source.Random)
        {
            var rng = new Random(source.Seed);
            var sets = new List<Dictionary<string, QcTensor>>(source.Samples);
            for (var s = 0; s < source.Samples; s++)
            {
                sets.Add(inputs.ToDictionary(i => i.Name, i => RandomTensor(i, rng), StringComparer.Ordinal));
            }

            return sets;
        }

        var bound = FromFiles(source.Files, inputs, bag);
        return bound is null ? null : [bound];
    }

    /// <summary>A tensor of the input's type and shape: floats uniform in [-1, 1), integers uniform in [0, 10), booleans 0 or 1.</summary>
    public static QcTensor RandomTensor(ManifestTensor spec, Random rng)
    {
        var t = QcTensor.Zeros(spec.DType, spec.Shape);
        var data = t.Data.AsSpan();
        switch (spec.DType)
        {
            case QcDType.F32:
                Fill(MemoryMarshal.Cast<byte, float>(data), () => (float)Uniform(rng));
                break;
            case QcDType.F64:
                Fill(MemoryMarshal.Cast<byte, double>(data), () => Uniform(rng));
                break;
            case QcDType.F16:
                Fill(MemoryMarshal.Cast<byte, Half>(data), () => (Half)Uniform(rng));
                break;
            case QcDType.BF16:
                Fill(MemoryMarshal.Cast<byte, ushort>(data), () => (ushort)(BitConverter.SingleToUInt32Bits((float)Uniform(rng)) >> 16));
                break;
            case QcDType.I8:
                Fill(MemoryMarshal.Cast<byte, sbyte>(data), () => (sbyte)rng.Next(10));
                break;
            case QcDType.U8:
                Fill(data, () => (byte)rng.Next(10));
                break;
            case QcDType.I16:
                Fill(MemoryMarshal.Cast<byte, short>(data), () => (short)rng.Next(10));
                break;
            case QcDType.I32:
                Fill(MemoryMarshal.Cast<byte, int>(data), () => rng.Next(10));
                break;
            case QcDType.I64:
                Fill(MemoryMarshal.Cast<byte, long>(data), () => rng.Next(10));
                break;
            case QcDType.Bool:
                Fill(data, () => (byte)rng.Next(2));
                break;
            default:
                throw new System.Diagnostics.UnreachableException($"element type {spec.DType}");
        }

        return t;
    }

    private static double Uniform(Random rng) => (rng.NextDouble() * 2) - 1;

    private static void Fill<T>(Span<T> span, Func<T> next)
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = next();
        }
    }

    private static Dictionary<string, QcTensor>? FromFiles(IReadOnlyList<string> bindings, IReadOnlyList<ManifestTensor> inputs, DiagnosticBag bag)
    {
        var errors = bag.Count(d => d.IsError);
        var bound = PackageBindings.Resolve(bindings, inputs, "input", bag);
        var result = new Dictionary<string, QcTensor>(StringComparer.Ordinal);
        foreach (var (spec, file) in bound)
        {
            if (Read(file, spec, bag) is { } tensor)
            {
                result[spec.Name] = tensor;
            }
        }

        var missing = inputs.Where(i => !bound.Any(b => b.Tensor.Name == i.Name)).ToList();
        if (missing.Count > 0)
        {
            PackageDiagnostics.MissingInputs(bag, missing);
        }

        return bag.Count(d => d.IsError) > errors ? null : result;
    }

    private static QcTensor? Read(string file, ManifestTensor spec, DiagnosticBag bag)
    {
        Qc.Core.Tensors.TensorData data;
        try
        {
            data = OnnxRun.ReadTensorFile(file);
        }
        catch (Exception e) when (e is IOException or FormatException or OnnxFormatException or UnauthorizedAccessException or ArgumentException)
        {
            PackageDiagnostics.InputFileUnreadable(bag, file, spec.Name, e.Message);
            return null;
        }

        var gotText = PackageDiagnostics.TypeText(PackageTensors.Name(data.ElementType), data.Dims);
        if (!PackageTensors.TryToPackage(data.ElementType, out var dtype) || dtype != spec.DType)
        {
            PackageDiagnostics.InputDType(bag, file, spec, gotText);
            return null;
        }

        if (!data.Dims.SequenceEqual(spec.Shape))
        {
            PackageDiagnostics.InputShape(bag, file, spec, gotText);
            return null;
        }

        return PackageTensors.ToPackage(data, dtype);
    }
}
