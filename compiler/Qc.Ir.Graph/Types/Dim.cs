using System.Globalization;

namespace Qc.Ir.Graph;

/// <summary>One tensor dimension: a known size, a named symbol (such as <c>batch</c>), or unknown.</summary>
/// <remarks>Printed as <c>64</c>, <c>{batch}</c> or <c>?</c>.</remarks>
public readonly record struct Dim
{
    private Dim(long? value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    /// <summary>An unknown dimension.</summary>
    public static Dim Unknown => default;

    /// <summary>The size when known.</summary>
    public long? Value { get; }

    /// <summary>The symbol name for a symbolic dimension.</summary>
    public string? Symbol { get; }

    /// <summary>True when the size is known.</summary>
    public bool IsStatic => Value.HasValue;

    /// <summary>A dimension of known size.</summary>
    public static Dim Of(long value) => new(value, null);

    /// <summary>A symbolic dimension.</summary>
    public static Dim Sym(string symbol) => new(null, symbol);

    /// <summary>Implicit conversion from a known size.</summary>
    public static implicit operator Dim(long value) => Of(value);

    /// <summary>True when both are the same known size or the same symbol.</summary>
    public bool SameAs(Dim other) => (IsStatic && other.IsStatic && Value == other.Value)
        || (Symbol is not null && Symbol == other.Symbol);

    /// <inheritdoc/>
    public override string ToString() => Value is { } v ? v.ToString(CultureInfo.InvariantCulture)
        : Symbol is { } s ? "{" + s + "}" : "?";
}
