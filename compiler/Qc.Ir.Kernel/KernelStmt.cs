using System.Collections.Immutable;
using Qc.Core.Text;

namespace Qc.Ir.Kernel;

/// <summary>A statement of a kernel body: <see cref="KernelOp"/>, <see cref="StoreOp"/>, <see cref="ForOp"/> or <see cref="IfOp"/>.</summary>
public abstract class KernelStmt
{
    private protected KernelStmt()
    {
    }

    /// <summary>Where the statement was parsed from (null when built in memory); used for diagnostics.</summary>
    public TextSpan? Span { get; set; }
}

/// <summary>A value-producing operation: an <see cref="Opcode"/> with value operands and one result.</summary>
/// <remarks>Loads name their buffer in <see cref="Buffer"/> and take the index as their one operand; constants hold their
/// value in <see cref="IntValue"/> (integers, i1) or <see cref="FloatValue"/> (floats).</remarks>
public sealed class KernelOp : KernelStmt
{
    /// <summary>Creates an op; the result value is created here and linked back to the op.</summary>
    public KernelOp(Opcode opcode, KernelType resultType, ImmutableArray<KernelValue> operands, KernelBuffer? buffer = null, string? resultName = null)
    {
        Opcode = opcode;
        Operands = operands;
        Buffer = buffer;
        Result = new KernelValue(resultType, resultName) { DefiningOp = this };
    }

    /// <summary>The operation.</summary>
    public Opcode Opcode { get; }

    /// <summary>The value operands, in order.</summary>
    public ImmutableArray<KernelValue> Operands { get; set; }

    /// <summary>The buffer of a load or vload; null otherwise.</summary>
    public KernelBuffer? Buffer { get; set; }

    /// <summary>The result.</summary>
    public KernelValue Result { get; }

    /// <summary>The value of an integer or i1 constant (canonical: sign- or zero-extended per type).</summary>
    public long IntValue { get; set; }

    /// <summary>The value of a float constant (already rounded to its type).</summary>
    public double FloatValue { get; set; }

    /// <summary>The opcode's static facts.</summary>
    public OpcodeInfo Info => OpcodeInfo.Of(Opcode);
}

/// <summary><c>kernel.store %v, @buf[%idx] : type</c>: writes one element, or lanes contiguous elements for a vector value.</summary>
public sealed class StoreOp : KernelStmt
{
    /// <summary>Creates a store.</summary>
    public StoreOp(KernelBuffer buffer, KernelValue index, KernelValue value)
    {
        Buffer = buffer;
        Index = index;
        Value = value;
    }

    /// <summary>The buffer written.</summary>
    public KernelBuffer Buffer { get; set; }

    /// <summary>The flat element index (i64).</summary>
    public KernelValue Index { get; set; }

    /// <summary>The value stored (a vector stores <c>Lanes</c> elements starting at the index).</summary>
    public KernelValue Value { get; set; }
}

/// <summary>A counted loop <c>for %i = lo to hi step s</c> (hi exclusive, s &gt; 0) with optional loop-carried values.</summary>
/// <remarks>
/// <see cref="IterArgs"/> start as <see cref="Inits"/>; each iteration's <c>kernel.yield</c> gives their next values; after
/// the loop <see cref="Results"/> hold the last ones (the inits when the loop runs zero times), as MLIR's <c>scf.for</c>.
/// </remarks>
public sealed class ForOp : KernelStmt
{
    /// <summary>Creates a loop with an empty body; the loop-carried values take the types of <paramref name="inits"/>.</summary>
    public ForOp(KernelValue lo, KernelValue hi, KernelValue step, ImmutableArray<KernelValue> inits, string? inductionName = null)
    {
        Lo = lo;
        Hi = hi;
        Step = step;
        Inits = inits;
        InductionVar = new KernelValue(KernelType.Index, inductionName);
        IterArgs = [.. inits.Select(v => new KernelValue(v.Type, null))];
        Results = [.. inits.Select(v => new KernelValue(v.Type, null))];
    }

    /// <summary>The induction variable (i64), defined in the body.</summary>
    public KernelValue InductionVar { get; }

    /// <summary>The first value of the induction variable (i64).</summary>
    public KernelValue Lo { get; set; }

    /// <summary>The exclusive upper bound (i64).</summary>
    public KernelValue Hi { get; set; }

    /// <summary>The increment (i64, positive).</summary>
    public KernelValue Step { get; set; }

    /// <summary>The initial values of the loop-carried values.</summary>
    public ImmutableArray<KernelValue> Inits { get; set; }

    /// <summary>The loop-carried values as seen in the body.</summary>
    public ImmutableArray<KernelValue> IterArgs { get; }

    /// <summary>The loop's results: the loop-carried values after the last iteration.</summary>
    public ImmutableArray<KernelValue> Results { get; }

    /// <summary>The body; its <see cref="KernelBlock.Yield"/> gives the next loop-carried values.</summary>
    public KernelBlock Body { get; } = new();

    /// <summary>Iterations are independent and may run on different threads (only on a loop not inside another loop).</summary>
    public bool Parallel { get; set; }

    /// <summary>A hint: vectorize with this many lanes (0: no hint).</summary>
    public int Vectorize { get; set; }

    /// <summary>A hint: unroll this many times (0: no hint).</summary>
    public int Unroll { get; set; }
}

/// <summary><c>kernel.if %cond { ... } else { ... }</c>, optionally yielding results from both branches.</summary>
public sealed class IfOp : KernelStmt
{
    /// <summary>Creates an if with empty branches and results of the given types.</summary>
    public IfOp(KernelValue condition, ImmutableArray<KernelType> resultTypes)
    {
        Condition = condition;
        Results = [.. resultTypes.Select(t => new KernelValue(t, null))];
    }

    /// <summary>The i1 condition.</summary>
    public KernelValue Condition { get; set; }

    /// <summary>Runs when the condition is 1.</summary>
    public KernelBlock Then { get; } = new();

    /// <summary>Runs when the condition is 0 (may be empty when there are no results).</summary>
    public KernelBlock Else { get; } = new();

    /// <summary>The values yielded by the branch that ran.</summary>
    public ImmutableArray<KernelValue> Results { get; }
}

/// <summary>A list of statements and the values it yields to its parent loop or if.</summary>
public sealed class KernelBlock
{
    /// <summary>The statements in execution order.</summary>
    public List<KernelStmt> Statements { get; } = [];

    /// <summary>The values yielded at the end (<c>kernel.yield</c>); empty for the kernel body and loops without iter_args.</summary>
    public List<KernelValue> Yield { get; } = [];

    /// <summary>Where the yield was parsed from, if any.</summary>
    public TextSpan? YieldSpan { get; set; }
}
