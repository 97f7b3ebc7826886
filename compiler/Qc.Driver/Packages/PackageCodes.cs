namespace Qc.Driver.Packages;

/// <summary>Diagnostic codes of the package commands (<c>qc run</c>, <c>inspect</c>, <c>verify</c>, <c>bench</c>; see
/// specs/diagnostics.md). Package and runtime failures keep their own QC70xx/QC72xx codes.</summary>
public static class PackageCodes
{
    /// <summary>An <c>--input NAME=FILE</c> names no input of the package.</summary>
    public const int UnknownInput = 7301;

    /// <summary>Inputs are missing, given twice, or more files than inputs were given.</summary>
    public const int InputCount = 7302;

    /// <summary>An input tensor has another shape than the package expects.</summary>
    public const int InputShape = 7303;

    /// <summary>An input tensor has another element type than the package expects.</summary>
    public const int InputDType = 7304;

    /// <summary>An <c>--output NAME=FILE</c> names no output, names one twice, or more files than outputs were given.</summary>
    public const int OutputBinding = 7305;

    /// <summary>The ONNX model's inputs or outputs do not match the package's (names, element types, shapes).</summary>
    public const int ReferenceMismatch = 7306;

    /// <summary>An output of the package is below the SQNR threshold against ONNX Runtime.</summary>
    public const int BelowThreshold = 7307;
}
