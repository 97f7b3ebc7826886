namespace Qc.Ir.Kernel;

/// <summary>The element kinds of kernel IR values: booleans, signed and unsigned integers, and floats.</summary>
/// <remarks>Integers carry their signedness, so division, remainder, comparison, min/max and widening need no flags.</remarks>
public enum ScalarKind
{
    /// <summary>A boolean (<c>i1</c>): 0 or 1.</summary>
    I1,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    F16,
    BF16,
    F32,
    F64,
}
