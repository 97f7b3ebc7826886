namespace Qc.Ir.Kernel;

/// <summary>Every value-producing kernel IR operation. One enum, so an emitter or the interpreter is one switch.</summary>
/// <remarks>Semantics: specs/kernel-ir.md. Elementwise ops accept scalars and vectors alike (lane by lane).</remarks>
public enum Opcode
{
    /// <summary><c>kernel.const 1.5 : f32</c>: a constant (a vector type gives a splat).</summary>
    Const,

    // Arithmetic: operands and result of one type (integer or float, scalar or vector); integers wrap.
    Add,
    Sub,
    Mul,

    /// <summary>Integer division truncates toward zero (division by zero is an error); float division is IEEE.</summary>
    Div,

    /// <summary>Remainder with the sign of the dividend (C <c>%</c>, <c>fmod</c> for floats).</summary>
    Rem,
    Neg,
    Abs,

    /// <summary>IEEE-754 2019 minimum: NaN propagates, -0 &lt; +0 (LLVM <c>llvm.minimum</c>).</summary>
    Min,

    /// <summary>IEEE-754 2019 maximum: NaN propagates, -0 &lt; +0 (LLVM <c>llvm.maximum</c>).</summary>
    Max,

    /// <summary><c>a * b + c</c> with one rounding (floats only).</summary>
    Fma,

    // Comparisons: two operands of one type; result i1 with the same lanes. Float comparisons are ordered except ne.
    CmpEq,
    CmpNe,
    CmpLt,
    CmpLe,
    CmpGt,
    CmpGe,

    /// <summary><c>select %cond, %a, %b</c>: a where cond is 1, else b; cond is i1 (scalar, or per lane).</summary>
    Select,

    /// <summary>Numeric conversion: int↔int wraps/extends by the source's signedness, int→float rounds to nearest even,
    /// float→float rounds to nearest even, float→int truncates toward zero and saturates (NaN gives 0), to i1 is <c>!= 0</c>.</summary>
    Cast,

    /// <summary>Saturating conversion to an integer type: float→int rounds half to even then clamps (NaN gives 0);
    /// int→int clamps. The quantization cast.</summary>
    CastSat,

    // Bit operations on integers (and, or, xor also on i1). Shift amounts are taken modulo the bit width.
    And,
    Or,
    Xor,
    Shl,

    /// <summary>Logical shift right.</summary>
    Shr,

    /// <summary>Arithmetic shift right (the sign bit of the type's width is replicated).</summary>
    AShr,

    // Math on floats, computed in the operand's precision (f16/bf16 via f32).
    Exp,
    Log,
    Sqrt,
    Rsqrt,
    Tanh,
    Erf,
    Pow,
    Floor,
    Ceil,

    /// <summary>Round to the nearest integer, ties to even.</summary>
    RoundEven,

    /// <summary><c>kernel.load @buf[%idx] : f32</c>: one element; the index is i64.</summary>
    Load,

    /// <summary><c>kernel.vload @buf[%idx] : vector&lt;16xf32&gt;</c>: lanes contiguous elements from idx.</summary>
    VLoad,

    /// <summary>A scalar repeated in every lane of a vector.</summary>
    Broadcast,

    /// <summary>Sum of the lanes, in lane order (((l0 + l1) + l2) + ...).</summary>
    ReduceAdd,

    /// <summary>Largest lane (as <see cref="Max"/>).</summary>
    ReduceMax,

    /// <summary>Smallest lane (as <see cref="Min"/>).</summary>
    ReduceMin,

    /// <summary>Exact product of two integers of one type as a wider integer type (i8 × i8 → i32).</summary>
    MulWide,

    /// <summary><c>kernel.vload_strided @buf[%idx], 2 : vector&lt;16xf32&gt;</c>: lane i is element idx + i·stride
    /// (the stride, at least 2, is a constant of the op: <see cref="KernelOp.IntValue"/>).</summary>
    VLoadStrided,
}
