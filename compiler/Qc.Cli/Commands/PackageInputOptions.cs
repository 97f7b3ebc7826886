using System.CommandLine;
using Qc.Driver.Packages;

namespace Qc.Cli.Commands;

/// <summary>The input options the package commands share: <c>--input</c>, <c>--random-inputs</c>, <c>--seed</c>,
/// optionally <c>--samples</c>, and <c>--threads</c>, <c>--target</c>.</summary>
internal sealed class PackageInputOptions
{
    private readonly bool _randomByDefault;

    public PackageInputOptions(bool randomByDefault, bool withSamples)
    {
        _randomByDefault = randomByDefault;
        Samples = withSamples ? new Option<int>("--samples") { Description = "With random inputs: how many input sets", DefaultValueFactory = _ => 1 } : null;
    }

    public Option<string[]> Inputs { get; } = new("--input", "-i")
    {
        Description = "An input tensor file (.npy or TensorProto .pb), as NAME=FILE or FILE in input order (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> Random { get; } = new("--random-inputs") { Description = "Use seeded random inputs of the package's types and shapes" };

    public Option<int> Seed { get; } = new("--seed") { Description = "The seed of --random-inputs", DefaultValueFactory = _ => 0 };

    public Option<int>? Samples { get; }

    public Option<string?> Target { get; } = new("--target") { Description = "The package target to run (default: the best CPU target for this host)" };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Inputs);
        command.Options.Add(Random);
        command.Options.Add(Seed);
        if (Samples is not null)
        {
            command.Options.Add(Samples);
        }

        command.Options.Add(Target);
    }

    /// <summary>The input source of a parsed command line: files when <c>--input</c> is given, random inputs when asked
    /// for (or by default for verify and bench).</summary>
    public PackageInputSource Source(ParseResult parse)
    {
        var files = parse.GetValue(Inputs) ?? [];
        var random = parse.GetValue(Random) || (_randomByDefault && files.Length == 0);
        var samples = Samples is null ? 1 : parse.GetValue(Samples);
        return new PackageInputSource(files, random, parse.GetValue(Seed), samples);
    }
}
