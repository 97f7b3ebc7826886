namespace Qc.Ir.Kernel;

/// <summary>An SSA value of a kernel: an op's result, a loop induction variable, a loop-carried value or a for/if result.</summary>
/// <remarks>Values have identity (reference equality). The printer names them from <see cref="NameHint"/> made unique per
/// kernel, or numbers them; names are not part of the IR's meaning.</remarks>
public sealed class KernelValue
{
    internal KernelValue(KernelType type, string? nameHint)
    {
        Type = type;
        NameHint = nameHint;
    }

    /// <summary>The value's type.</summary>
    public KernelType Type { get; }

    /// <summary>A preferred printed name (letters, digits, '_' and '.', starting with a letter or '_'), or null.</summary>
    public string? NameHint { get; set; }

    /// <summary>The op whose result this is; null for loop variables, loop-carried values and for/if results.</summary>
    public KernelOp? DefiningOp { get; internal set; }

    /// <summary>True when defined by <see cref="Opcode.Const"/>; gives its integer value (floats: truncated).</summary>
    public bool TryGetConstant(out long value)
    {
        if (DefiningOp is { Opcode: Opcode.Const } c)
        {
            value = Type.IsFloat ? (long)c.FloatValue : c.IntValue;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>True when defined by <see cref="Opcode.Const"/>; gives its value as a double.</summary>
    public bool TryGetFloatConstant(out double value)
    {
        if (DefiningOp is { Opcode: Opcode.Const } c)
        {
            value = Type.IsFloat ? c.FloatValue : c.IntValue;
            return true;
        }

        value = 0;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => "%" + (NameHint ?? "?") + " : " + Type;
}
