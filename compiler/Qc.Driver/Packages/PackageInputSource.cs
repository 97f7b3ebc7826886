using System.Globalization;

namespace Qc.Driver.Packages;

/// <summary>Where the inputs of <c>qc run</c>, <c>verify</c> and <c>bench</c> come from: tensor files, or seeded random
/// tensors of the package's input types.</summary>
/// <param name="Files">Bindings <c>NAME=FILE</c>, or a bare <c>FILE</c> for the next unbound input in order; .npy or
/// TensorProto .pb files.</param>
/// <param name="Random">Generate random inputs instead of reading files (then <paramref name="Files"/> is empty).</param>
/// <param name="Seed">The seed of the random inputs.</param>
/// <param name="Samples">How many random input sets (1 for files).</param>
public sealed record PackageInputSource(IReadOnlyList<string> Files, bool Random = false, int Seed = 0, int Samples = 1)
{
    /// <summary>Random inputs with a seed and a sample count.</summary>
    public static PackageInputSource RandomInputs(int seed, int samples = 1) => new([], true, seed, samples);

    /// <summary>A short description for reports: <c>random (seed 0, 1 sample)</c> or <c>files x=a.npy</c>.</summary>
    public string Describe() => Random
        ? string.Create(CultureInfo.InvariantCulture, $"random (seed {Seed}, {Samples} sample{(Samples == 1 ? "" : "s")})")
        : "files " + string.Join(" ", Files);
}
