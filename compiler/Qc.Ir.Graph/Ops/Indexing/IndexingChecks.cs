using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Shared checks of the indexing ops.</summary>
internal static class IndexingChecks
{
    /// <summary>True for the index element types ONNX accepts (i32, i64), or an unknown element type.</summary>
    public static bool IsIndexType(ElementType type) => type is ElementType.I32 or ElementType.I64 or ElementType.Unknown;

    /// <summary>True when two dims cannot be equal (both static and different).</summary>
    public static bool Differ(Dim a, Dim b) => a.IsStatic && b.IsStatic && a.Value != b.Value;
}
