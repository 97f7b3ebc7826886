using System.Text.RegularExpressions;
using Qc.Core.Text;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Syntax.Expressions;
using Qc.Recipe.Text;

namespace Qc.Recipe.Tests.Syntax;

/// <summary>Every labelled alternative of grammar/QcExpr.g4 has a parser case here (the precedence, error and span
/// cases are in <see cref="ExpressionParserTests"/>); a new alternative fails <see cref="EveryAlternative_HasACase"/>
/// until it gets one.</summary>
public sealed partial class GrammarCoverageTests
{
    private static readonly Dictionary<string, (string Text, string Printed)> s_cases = new(StringComparer.Ordinal)
    {
        ["primaryExpr"] = ("params", "params"),
        ["memberExpr"] = ("fp32.size", "fp32.size"),
        ["indexExpr"] = ("shape[-1]", "shape[(-1)]"),
        ["negateExpr"] = ("-x", "(-x)"),
        ["multiplicativeExpr"] = ("a * b / c", "((a * b) / c)"),
        ["additiveExpr"] = ("a - b + c", "((a - b) + c)"),
        ["comparisonExpr"] = ("name !~ \"^stem\"", "(name !~ \"^stem\")"),
        ["inExpr"] = ("op not in [Conv, Gemm]", "(op not in [Conv, Gemm])"),
        ["notExpr"] = ("not is_first", "(not is_first)"),
        ["andExpr"] = ("a and b and c", "((a and b) and c)"),
        ["orExpr"] = ("a or b and c", "(a or (b and c))"),
        ["pipeExpr"] = ("nm(2, 4) |> int4(group=32) |> huffman", "((nm(2, 4) |> int4(group=32)) |> huffman)"),
        ["callPrimary"] = ("int8(axis=0, symmetric,)", "int8(axis=0, symmetric)"),
        ["patternPrimary"] = ("2:4", "2:4"),
        ["numberPrimary"] = ("4MiB", "4MiB"),
        ["stringPrimary"] = ("'x'", "\"x\""),
        ["boolPrimary"] = ("false", "false"),
        ["namePrimary"] = ("is_depthwise", "is_depthwise"),
        ["listPrimary"] = ("[1, [2], 'a',]", "[1, [2], \"a\"]"),
        ["parenPrimary"] = ("(a or b) and c", "((a or b) and c)"),
    };

    public static TheoryData<string> Labels() => [.. s_cases.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void EveryAlternative_HasACase()
    {
        var grammar = File.ReadAllText(TestEnvironment.Resolve("grammar/QcExpr.g4"));
        var labels = AlternativeLabel().Matches(grammar).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(20, labels.Count);
        Assert.Equal(labels, s_cases.Keys.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(Labels))]
    public void Alternative_Parses(string label)
    {
        var (text, printed) = s_cases[label];
        var diagnostics = new RecipeDiagnostics();
        var parsed = ExpressionParser.Parse(ScalarText.Contiguous(new SourceText("expr", text), text, 0), diagnostics, "the expression");
        Assert.True(parsed is not null, Qc.Core.Diagnostics.DiagnosticFormatter.Format(diagnostics.ToImmutableArray()));
        Assert.Equal(printed, SyntaxPrinter.Print(parsed.Root));
    }

    [GeneratedRegex(@"#\s*(\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlternativeLabel();
}
