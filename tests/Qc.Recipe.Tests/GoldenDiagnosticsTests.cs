using System.Reflection;
using System.Text;
using Qc.Core.Diagnostics;
using Qc.Recipe.Diagnostics;

namespace Qc.Recipe.Tests;

/// <summary>One case per diagnostic code under tests/golden/diagnostics: <c>QCnnnn-slug.yaml</c> in, the rendered
/// diagnostics in <c>QCnnnn-slug.txt</c>. <c>QC_UPDATE_GOLDEN=1</c> rewrites the expected files. A case whose first line is
/// <c># explain: NAME</c> also asks the plan for that layer, as <c>qc plan --explain</c> does.</summary>
public sealed class GoldenDiagnosticsTests
{
    private static readonly Dictionary<string, string> s_environment = new(StringComparer.Ordinal) { ["QC_TEST_DATA"] = "data" };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestRecipes.GoldenDir, "QC*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_RendersExpectedDiagnostics(string file)
    {
        var result = TestRecipes.RunFile(file, s_environment);
        var diagnostics = result.Diagnostics.ToList();
        var firstLine = File.ReadLines(Path.Combine(TestRecipes.GoldenDir, file)).FirstOrDefault() ?? string.Empty;
        if (firstLine.StartsWith("# explain: ", StringComparison.Ordinal) && result.Plan is { } plan)
        {
            var name = firstLine["# explain: ".Length..].Trim();
            if (plan.Find(name) is null)
            {
                diagnostics.Add(RecipeFrontEnd.UnknownLayer(plan, name));
            }
        }

        var rendered = DiagnosticFormatter.Format(diagnostics);
        var expectedPath = Path.Combine(TestRecipes.GoldenDir, Path.ChangeExtension(file, ".txt"));
        if (Environment.GetEnvironmentVariable("QC_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, rendered, new UTF8Encoding(false));
        }

        var code = file[..6];
        Assert.Contains(diagnostics, d => d.Code.ToString() == code);
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run with QC_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(expectedPath), rendered);
    }

    private static IEnumerable<int> AllCodes() =>
        typeof(RecipeDiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (int)f.GetRawConstantValue()!);

    [Fact]
    public void EveryCode_HasAGoldenCase()
    {
        var files = Directory.EnumerateFiles(TestRecipes.GoldenDir, "QC*.yaml").Select(Path.GetFileName).ToList();
        var missing = AllCodes().Select(c => new DiagnosticCode(c).ToString()).Where(code => !files.Any(f => f!.StartsWith(code + "-", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, "codes without a golden case: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryCode_IsListedInSpecsDiagnostics()
    {
        var spec = File.ReadAllText(TestEnvironment.Resolve("specs/diagnostics.md"));
        var missing = AllCodes().Select(c => new DiagnosticCode(c).ToString()).Where(code => !spec.Contains(code, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "codes missing from specs/diagnostics.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Codes_AreUniqueAndInTheRecipeBlocks()
    {
        var codes = AllCodes().ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.True(c is >= 1100 and < 1200 or >= 2000 and < 3000, $"QC{c} is outside QC11xx/QC2xxx"));
    }
}
