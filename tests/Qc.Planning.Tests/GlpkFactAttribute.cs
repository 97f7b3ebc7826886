using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary>A fact needing GLPK: skipped with the reason when <c>libglpk.so.40</c> cannot be loaded, unless <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GlpkFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public GlpkFactAttribute() => Skip = Glpk.SkipReason();
}

/// <summary>A theory needing GLPK: skipped with the reason when <c>libglpk.so.40</c> cannot be loaded, unless <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class GlpkTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public GlpkTheoryAttribute() => Skip = Glpk.SkipReason();
}

/// <summary>Whether GLPK is there, and the CI rule: under <c>CI=true</c> GLPK tests run and fail when it is missing.</summary>
internal static class Glpk
{
    public static string? SkipReason() =>
        TestEnvironment.IsCi || GlpkSolver.IsAvailable(out var reason)
            ? null
            : reason + ": run scripts/setup.sh (it installs libglpk40) or set QC_GLPK_LIB";

    /// <summary>Fails the test when GLPK is missing (reached only under CI, where the facts do not skip).</summary>
    public static void Require()
    {
        if (!GlpkSolver.IsAvailable(out var reason))
        {
            Assert.Fail("CI=true requires GLPK: " + reason);
        }
    }
}
