namespace Qc.Ir.Kernel;

/// <summary>Diagnostic codes of the kernel IR (QC52xx; specs/diagnostics.md, "Kernel IR").</summary>
public static class KernelDiagnosticCodes
{
    /// <summary>Parser: syntax error.</summary>
    public const int Syntax = 5201;

    /// <summary>Parser: unknown op mnemonic.</summary>
    public const int UnknownOp = 5202;

    /// <summary>Parser: a value name is used where no value of that name is defined.</summary>
    public const int UndefinedValue = 5203;

    /// <summary>Parser: a value name is defined twice in one kernel.</summary>
    public const int DuplicateValue = 5204;

    /// <summary>Parser: a buffer name that the module does not declare.</summary>
    public const int UnknownBuffer = 5205;

    /// <summary>Parser: a buffer or kernel name declared twice.</summary>
    public const int DuplicateName = 5206;

    /// <summary>Parser: an unknown or malformed type (element type, vector lanes, buffer shape).</summary>
    public const int BadType = 5207;

    /// <summary>Parser: a literal that does not fit its type, or weight data that does not match its buffer.</summary>
    public const int BadLiteral = 5208;

    /// <summary>Parser: statements nest deeper than the limit.</summary>
    public const int TooDeep = 5209;

    /// <summary>Verifier: a value used where its definition does not dominate the use.</summary>
    public const int NotDominated = 5220;

    /// <summary>Verifier: operand or result types break the op's typing rule.</summary>
    public const int TypeMismatch = 5221;

    /// <summary>Verifier: an index, loop bound or step that is not a scalar i64.</summary>
    public const int IndexNotI64 = 5222;

    /// <summary>Verifier: a store to an input or weight buffer.</summary>
    public const int ReadOnlyBuffer = 5223;

    /// <summary>Verifier: a parallel loop inside another loop, or carrying values.</summary>
    public const int BadParallel = 5224;

    /// <summary>Verifier: vector lanes that do not agree (vload, broadcast, reduce, select, casts).</summary>
    public const int LanesMismatch = 5225;

    /// <summary>Verifier: a kernel uses a buffer that is not one of its parameters (or not in the module).</summary>
    public const int NotAParameter = 5226;

    /// <summary>Verifier: a load or store whose value type differs from the buffer's element type.</summary>
    public const int ElementTypeMismatch = 5227;

    /// <summary>Verifier: yielded values do not match a loop's iter_args or an if's results.</summary>
    public const int YieldMismatch = 5228;

    /// <summary>Verifier: wrong number of operands, or a buffer on an op that takes none (or none on a load).</summary>
    public const int BadArity = 5229;

    /// <summary>Verifier: a buffer with an unsupported element type, a negative dimension, or missing or mismatched weight data.</summary>
    public const int BadBuffer = 5230;

    /// <summary>Verifier: two buffers or kernels with one name, or a buffer listed twice as a kernel parameter.</summary>
    public const int DuplicateDeclaration = 5231;

    /// <summary>Verifier: one value defined by two statements.</summary>
    public const int DefinedTwice = 5232;

    /// <summary>Verifier: a loop attribute out of range (constant step not positive, vectorize or unroll hint invalid).</summary>
    public const int BadLoopAttribute = 5233;

    /// <summary>Verifier: a strided vector load whose stride is below 2.</summary>
    public const int BadStride = 5234;

    /// <summary>Interpreter: a load or store outside its buffer.</summary>
    public const int OutOfBounds = 5250;

    /// <summary>Interpreter: integer division or remainder by zero.</summary>
    public const int DivisionByZero = 5251;

    /// <summary>Interpreter: inputs missing, unknown, or of the wrong type or shape.</summary>
    public const int BadInput = 5252;

    /// <summary>Interpreter: a loop step that is not positive at run time.</summary>
    public const int NonPositiveStep = 5253;
}
