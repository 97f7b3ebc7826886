using System.Collections.Immutable;
using System.Globalization;
using Qc.Recipe.Text;

namespace Qc.Recipe.Registry;

/// <summary>One parameter of a registered function: name, type, range, default, and whether it may be given by position.</summary>
public sealed class ParameterSpec
{
    /// <summary>Creates a parameter.</summary>
    public ParameterSpec(string name, ParameterType type, string summary)
    {
        Name = name;
        Type = type;
        Summary = summary;
    }

    /// <summary>The name (snake_case).</summary>
    public string Name { get; }

    /// <summary>The type.</summary>
    public ParameterType Type { get; }

    /// <summary>What it means.</summary>
    public string Summary { get; }

    /// <summary>The default number, or null when none.</summary>
    public double? DefaultNumber { get; init; }

    /// <summary>The default choice, or null when none (for choices whose default depends on context, see the summary).</summary>
    public string? DefaultChoice { get; init; }

    /// <summary>True when the parameter must be given.</summary>
    public bool Required { get; init; }

    /// <summary>True when it may be given by position (positional parameters come first, in order).</summary>
    public bool Positional { get; init; }

    /// <summary>True when the canonical form writes it by position (<c>nm(2, 4)</c>, <c>percentile(99.99)</c>).</summary>
    public bool PrintByPosition { get; init; }

    /// <summary>Smallest allowed value.</summary>
    public double Min { get; init; } = double.NegativeInfinity;

    /// <summary>Largest allowed value.</summary>
    public double Max { get; init; } = double.PositiveInfinity;

    /// <summary>True when <see cref="Min"/> itself is not allowed.</summary>
    public bool MinExclusive { get; init; }

    /// <summary>True when <see cref="Max"/> itself is not allowed.</summary>
    public bool MaxExclusive { get; init; }

    /// <summary>The allowed names of a choice parameter.</summary>
    public ImmutableArray<string> Choices { get; init; } = [];

    /// <summary>True for a choice whose values read as flags (<c>per_channel</c>, <c>symmetric</c>, <c>gptq</c>): the canonical
    /// form writes the value alone; other choices print as <c>name=value</c> (<c>scale=f16</c>). Either form is accepted.</summary>
    public bool PrintAsFlag { get; init; }

    /// <summary>True when the parameter means something for weights only (not allowed for activations).</summary>
    public bool WeightsOnly { get; init; }

    /// <summary>The allowed range in words ("an integer from 1 to 8").</summary>
    public string RangeText
    {
        get
        {
            if (Type == ParameterType.Choice)
            {
                return "one of " + string.Join(", ", Choices);
            }

            var kind = Type == ParameterType.Integer ? "an integer" : "a number";
            var hasMin = !double.IsNegativeInfinity(Min);
            var hasMax = !double.IsPositiveInfinity(Max);
            var lo = (MinExclusive ? "above " : "at least ") + Format.Number(Min);
            var hi = (MaxExclusive ? "below " : "at most ") + Format.Number(Max);
            return hasMin && hasMax ? $"{kind} {lo} and {hi}" : hasMin ? $"{kind} {lo}" : hasMax ? $"{kind} {hi}" : kind;
        }
    }

    /// <summary>True when <paramref name="value"/> is in range.</summary>
    public bool InRange(double value) =>
        (MinExclusive ? value > Min : value >= Min) && (MaxExclusive ? value < Max : value <= Max);

    /// <summary>The default as text, or null.</summary>
    public string? DefaultText => DefaultChoice ?? (DefaultNumber is { } d ? d.ToString("R", CultureInfo.InvariantCulture) : null);
}
