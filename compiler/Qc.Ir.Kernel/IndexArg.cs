namespace Qc.Ir.Kernel;

/// <summary>An i64 operand given either as a constant or as a value, so builder calls read <c>b.For(0, n, 1, ...)</c>.</summary>
public readonly struct IndexArg
{
    private IndexArg(long constant, KernelValue? value)
    {
        Constant = constant;
        Value = value;
    }

    /// <summary>The constant (when <see cref="Value"/> is null).</summary>
    public long Constant { get; }

    /// <summary>The value, or null for a constant.</summary>
    public KernelValue? Value { get; }

    /// <summary>A constant index.</summary>
    public static implicit operator IndexArg(long constant) => new(constant, null);

    /// <summary>An index value (must be i64).</summary>
    public static implicit operator IndexArg(KernelValue value) => new(0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A constant index.</summary>
    public static IndexArg FromInt64(long constant) => constant;

    /// <summary>An index value.</summary>
    public static IndexArg FromKernelValue(KernelValue value) => value;
}
