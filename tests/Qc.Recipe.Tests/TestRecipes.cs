using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Driver;
using Qc.Ir.Graph;
using Qc.Recipe;
using Qc.Recipe.Model;

namespace Qc.Recipe.Tests;

/// <summary>Runs recipes given as text against the tiny graph-IR model of tests/golden/diagnostics (or a real ONNX model).</summary>
internal static class TestRecipes
{
    /// <summary>The folder of the golden diagnostic cases and of <c>tiny.qir</c>.</summary>
    public static string GoldenDir => TestEnvironment.Resolve("tests/golden/diagnostics");

    /// <summary>The usual first lines of a test recipe.</summary>
    public const string Header = "qc: 1\nmodel: tiny.qir\n";

    /// <summary>Loads <c>.qir</c> text models with the graph IR parser and anything else through the driver's ONNX import.</summary>
    public static ModelLoadResult Load(ModelRequest request)
    {
        if (!request.FullPath.EndsWith(".qir", StringComparison.Ordinal))
        {
            return RecipeCheck.LoadModel(request);
        }

        var parsed = GraphParser.Parse(File.ReadAllText(request.FullPath), request.DisplayPath);
        var inputs = parsed.Module is { } m
            ? m.Main.Parameters.Select(p => (p.Name, p.TensorType is { HasRank: true } t ? (int?)t.Rank : null)).ToImmutableArray()
            : [];
        return new ModelLoadResult(parsed.Module, parsed.Diagnostics, inputs);
    }

    /// <summary>Reads, binds and plans recipe text as if it were the file <paramref name="name"/> next to tiny.qir.</summary>
    public static RecipeResult Run(string yaml, IReadOnlyDictionary<string, string>? environment = null, string name = "test.yaml") =>
        RecipeFrontEnd.Run(RecipeLoader.Parse(name, yaml, Options(environment)), Load);

    /// <summary>Runs a recipe file of the golden folder.</summary>
    public static RecipeResult RunFile(string name, IReadOnlyDictionary<string, string>? environment = null) =>
        RecipeFrontEnd.Run(name, Load, Options(environment));

    /// <summary>Options with a fixed environment, resolving paths in the golden folder.</summary>
    public static RecipeOptions Options(IReadOnlyDictionary<string, string>? environment = null) =>
        new() { Environment = environment ?? new Dictionary<string, string>(), WorkingDirectory = GoldenDir };

    /// <summary>The rendered diagnostics.</summary>
    public static string Render(RecipeResult result) => DiagnosticFormatter.Format(result.Diagnostics);

    /// <summary>The codes of the diagnostics, in order.</summary>
    public static string Codes(RecipeResult result) => string.Join(" ", result.Diagnostics.Select(d => d.Code.ToString()));
}
