namespace Qc.Ir.Graph;

/// <summary>Diagnostic codes of type and shape inference (block QC32xx, see specs/diagnostics.md).</summary>
public static class InferenceCodes
{
    /// <summary>Shapes that must agree (broadcast, matmul, concat, ...) do not.</summary>
    public const int ShapeMismatch = 3201;

    /// <summary>An input has an element type the op does not accept, or inputs that must agree do not.</summary>
    public const int TypeMismatch = 3202;

    /// <summary>An attribute value is out of range or inconsistent (axis out of range, wrong list length, ...).</summary>
    public const int BadAttributeValue = 3203;

    /// <summary>An input has a rank the op does not accept.</summary>
    public const int RankMismatch = 3204;

    /// <summary>A required input is missing or an input that must be constant is not.</summary>
    public const int BadInput = 3205;
}
