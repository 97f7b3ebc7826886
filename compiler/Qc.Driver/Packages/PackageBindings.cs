using Qc.Core.Diagnostics;
using Qc.Package;

namespace Qc.Driver.Packages;

/// <summary>Resolves command-line bindings <c>NAME=FILE</c> (or a bare <c>FILE</c> for the next unbound tensor in order)
/// against a package's inputs or outputs, reporting unknown names, names given twice and surplus files.</summary>
internal static class PackageBindings
{
    /// <summary>The tensors bound correctly, with their files, in binding order; every wrong binding is reported.</summary>
    /// <remarks><paramref name="role"/> is <c>input</c> or <c>output</c>: the wording and codes of the diagnostics.</remarks>
    public static List<(ManifestTensor Tensor, string File)> Resolve(IReadOnlyList<string> bindings, IReadOnlyList<ManifestTensor> tensors, string role, DiagnosticBag bag)
    {
        var result = new List<(ManifestTensor, string)>();
        var bound = new HashSet<string>(StringComparer.Ordinal);
        var positional = 0;
        foreach (var binding in bindings)
        {
            var (name, file) = ShapeArgument.ParseBinding(binding);
            if (name is null)
            {
                while (positional < tensors.Count && bound.Contains(tensors[positional].Name))
                {
                    positional++;
                }

                if (positional >= tensors.Count)
                {
                    PackageDiagnostics.TooManyFiles(bag, role, file, tensors.Count);
                    continue;
                }

                name = tensors[positional++].Name;
            }

            var tensor = tensors.FirstOrDefault(t => t.Name == name);
            if (tensor is null)
            {
                PackageDiagnostics.UnknownTensor(bag, role, name, tensors);
            }
            else if (!bound.Add(name))
            {
                PackageDiagnostics.GivenTwice(bag, role, name);
            }
            else
            {
                result.Add((tensor, file));
            }
        }

        return result;
    }
}
