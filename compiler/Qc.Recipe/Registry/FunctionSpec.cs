using System.Collections.Immutable;

namespace Qc.Recipe.Registry;

/// <summary>A registered function of the recipe language: a number format, codec, calibrator, metric, sensitivity
/// measure, pruning pattern or pruning method, with its parameters.</summary>
public sealed class FunctionSpec
{
    /// <summary>Creates a function.</summary>
    public FunctionSpec(string name, FunctionKind kind, string summary, params ParameterSpec[] parameters)
    {
        Name = name;
        Kind = kind;
        Summary = summary;
        Parameters = [.. parameters];
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>What it is.</summary>
    public FunctionKind Kind { get; }

    /// <summary>One line on what it does.</summary>
    public string Summary { get; }

    /// <summary>Parameters; positional ones first.</summary>
    public ImmutableArray<ParameterSpec> Parameters { get; }

    /// <summary>Bits per stored code for number formats (0 for others).</summary>
    public int Bits { get; init; }

    /// <summary>True for formats that activations may use.</summary>
    public bool ActivationCapable { get; init; }

    /// <summary>True for the number formats of Qc.Formats (<see cref="Qc.Formats.FormatRegistry"/>), which validates their
    /// arguments; false for float casts and every other function.</summary>
    public bool IsNumberFormat { get; init; }

    /// <summary>For metrics: true when a larger value is better (top1), false when smaller is better (mse).</summary>
    public bool HigherIsBetter { get; init; }

    /// <summary>An example call for hints.</summary>
    public string Example { get; init; } = string.Empty;

    /// <summary>The parameter with a name, or null.</summary>
    public ParameterSpec? Find(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>The positional parameters in order.</summary>
    public IEnumerable<ParameterSpec> PositionalParameters => Parameters.Where(p => p.Positional);
}
