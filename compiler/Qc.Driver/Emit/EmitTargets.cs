using Qc.Codegen;
using Qc.Codegen.Llvm;
using Qc.Core.Diagnostics;
using Qc.Lowering;
using Qc.Recipe.Binding;

namespace Qc.Driver.Emit;

/// <summary>Resolves the targets of a package emit before any LLVM work: <c>--target</c> names (repeatable), else the
/// recipe's <c>target:</c>, else the host. Every name is validated by <see cref="TargetName.TryParse"/> (an unknown CPU
/// would abort LLVM), and all mistakes are reported at once.</summary>
internal static class EmitTargets
{
    /// <summary>The validated targets in the order given, or null after reporting QC60xx / QC4501 diagnostics.</summary>
    public static List<TargetName>? Resolve(IReadOnlyList<string> names, BoundRecipe recipe, DiagnosticBag bag)
    {
        var given = names.Count > 0
            ? names.Select(n => (Text: n, Location: (Location)Location.None)).ToList()
            : recipe.Target is { } t ? [(t.ToString(), t.Location)] : [("host", Location.None)];
        var targets = new List<TargetName>();
        var ok = true;
        foreach (var (text, location) in given)
        {
            var target = Parse(text, location, bag);
            if (target is null)
            {
                ok = false;
            }
            else if (targets.Contains(target))
            {
                bag.Error(EmitCodes.DuplicateTarget, location, $"target '{target}' is given twice",
                    "name each target once: a package holds one code section per target");
                ok = false;
            }
            else
            {
                targets.Add(target);
            }
        }

        return ok ? targets : null;
    }

    /// <summary>The f32 lanes lowering uses for a target: its vector register width (AVX-512 16, AVX2 8, NEON 4); 1 for
    /// CUDA targets, whose parallel loops become one thread per element.</summary>
    public static int VectorWidth(TargetDescriptor target) => target.IsGpu ? 1 : LoweringOptions.ForVectorBits(target.VectorBits).VectorWidth;

    private static TargetName? Parse(string text, Location location, DiagnosticBag bag)
    {
        if (TargetName.IsHost(text))
        {
            if (!LlvmLibrary.TryLoad(out var reason))
            {
                bag.Add(CodegenDiagnostics.LlvmLibrary(reason));
                return null;
            }

            var host = LlvmLibrary.ResolveHost(out var hostDiagnostic);
            if (hostDiagnostic is not null)
            {
                bag.Add(hostDiagnostic with { Location = location });
            }

            return host;
        }

        if (TargetName.TryParse(text, out var target, out var error))
        {
            return target;
        }

        bag.Add(error with { Location = location });
        return null;
    }
}
