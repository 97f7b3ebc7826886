using Qc.Core.Diagnostics;

namespace Qc.Recipe.Planning;

/// <summary>Why a codec term does not fit a layer.</summary>
/// <param name="Location">The argument (or term) at fault.</param>
/// <param name="What">The term or argument, as written canonically ("group=32", "fp4_e2m1").</param>
/// <param name="Requirement">What it needs ("a reduced dimension divisible by 32").</param>
/// <param name="Quantity">The layer quantity it tests ("reduced dimension").</param>
/// <param name="Value">The layer's value of that quantity.</param>
/// <param name="IsNm">True for N:M divisibility (its own diagnostic code).</param>
/// <param name="M">The M of an N:M pattern.</param>
internal sealed record FitProblem(Location Location, string What, string Requirement, string Quantity, long Value, bool IsNm = false, long M = 0)
{
    /// <summary>The key under which problems of many layers are reported once.</summary>
    public (Location, string, string) Key => (Location, What, Requirement);

    /// <summary>One line for notes.</summary>
    public string Describe(string layer) => $"'{What}' needs {Requirement}; '{layer}' has {Quantity} {Value}";
}
