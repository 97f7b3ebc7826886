using System.Collections.Immutable;

namespace Qc.Recipe.Binding;

/// <summary>The value of an expression for one layer: a bool, number, string, list, or unknown (a fact a static shape
/// could not give; comparisons with unknown are false).</summary>
public readonly record struct ExprValue
{
    private ExprValue(BoundType type, bool b, double n, string? s, ImmutableArray<ExprValue> items, bool unknown)
    {
        Type = type;
        Bool = b;
        Number = n;
        String = s;
        Items = items;
        IsUnknown = unknown;
    }

    /// <summary>The type.</summary>
    public BoundType Type { get; }

    /// <summary>The boolean value.</summary>
    public bool Bool { get; }

    /// <summary>The numeric value.</summary>
    public double Number { get; }

    /// <summary>The string value.</summary>
    public string? String { get; }

    /// <summary>The items of a list.</summary>
    public ImmutableArray<ExprValue> Items { get; }

    /// <summary>True when the value is not known.</summary>
    public bool IsUnknown { get; }

    /// <summary>An unknown value.</summary>
    public static ExprValue Unknown { get; } = new(BoundType.Error, false, 0, null, [], true);

    /// <summary>A boolean.</summary>
    public static ExprValue Of(bool value) => new(BoundType.Bool, value, 0, null, [], false);

    /// <summary>A number.</summary>
    public static ExprValue Of(double value) => new(BoundType.Number, false, value, null, [], false);

    /// <summary>A string.</summary>
    public static ExprValue Of(string value) => new(BoundType.String, false, 0, value, [], false);

    /// <summary>A list.</summary>
    public static ExprValue List(BoundType type, ImmutableArray<ExprValue> items) => new(type, false, 0, null, items, false);

    /// <summary>True when both are known and equal.</summary>
    public bool SameAs(ExprValue other)
    {
        if (IsUnknown || other.IsUnknown)
        {
            return false;
        }

        return (Type, other.Type) switch
        {
            (BoundType.Bool, BoundType.Bool) => Bool == other.Bool,
            (BoundType.Number, BoundType.Number) => Number == other.Number,
            (BoundType.String, BoundType.String) => string.Equals(String, other.String, StringComparison.Ordinal),
            _ when BoundTypes.IsList(Type) && BoundTypes.IsList(other.Type) =>
                Items.Length == other.Items.Length && Items.Zip(other.Items).All(p => p.First.SameAs(p.Second)),
            _ => false,
        };
    }
}
