using Qc.Core.Diagnostics;
using Qc.Core.Text;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Syntax.Expressions;
using Qc.Recipe.Text;

namespace Qc.Recipe.Tests.Syntax;

public sealed class ExpressionParserTests
{
    private static (ParsedExpression? Parsed, RecipeDiagnostics Diagnostics) ParseRaw(string text)
    {
        var diagnostics = new RecipeDiagnostics();
        var source = new SourceText("expr", text);
        return (ExpressionParser.Parse(ScalarText.Contiguous(source, text, 0), diagnostics, "the expression"), diagnostics);
    }

    private static string Parse(string text)
    {
        var (parsed, diagnostics) = ParseRaw(text);
        Assert.True(parsed is not null, DiagnosticFormatter.Format(diagnostics.ToImmutableArray()));
        return SyntaxPrinter.Print(parsed.Root);
    }

    private static Diagnostic Error(string text)
    {
        var (parsed, diagnostics) = ParseRaw(text);
        Assert.Null(parsed);
        var all = diagnostics.ToImmutableArray();
        Assert.Single(all);
        return all[0];
    }

    private static string Caret(Diagnostic d) => DiagnosticFormatter.Format(d).Split('\n')[2].TrimEnd();

    [Theory]
    [InlineData("a or b and c", "(a or (b and c))")]
    [InlineData("a and b or c", "((a and b) or c)")]
    [InlineData("not a and b", "((not a) and b)")]
    [InlineData("not a == b", "(not (a == b))")]
    [InlineData("not not a", "(not (not a))")]
    [InlineData("a or b or c", "((a or b) or c)")]
    [InlineData("(a or b) and c", "((a or b) and c)")]
    public void Logic_Precedence(string text, string expected) => Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("1 - 2 - 3", "((1 - 2) - 3)")]
    [InlineData("8 / 4 / 2", "((8 / 4) / 2)")]
    [InlineData("-2 * x", "((-2) * x)")]
    [InlineData("-(a + b)", "(-(a + b))")]
    [InlineData("a + b > c * d", "((a + b) > (c * d))")]
    [InlineData("params > 0.01 * fp32.params", "(params > (0.01 * fp32.params))")]
    public void Arithmetic_Precedence(string text, string expected) => Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("a == b", "(a == b)")]
    [InlineData("a != b", "(a != b)")]
    [InlineData("a < b", "(a < b)")]
    [InlineData("a <= b", "(a <= b)")]
    [InlineData("a > b", "(a > b)")]
    [InlineData("a >= b", "(a >= b)")]
    [InlineData("name ~ \"^x\"", "(name ~ \"^x\")")]
    [InlineData("name !~ \"^x\"", "(name !~ \"^x\")")]
    [InlineData("op in [Conv, Gemm]", "(op in [Conv, Gemm])")]
    [InlineData("op not in [Conv]", "(op not in [Conv])")]
    [InlineData("a in b and c", "((a in b) and c)")]
    [InlineData("not a in b", "(not (a in b))")]
    [InlineData("a == b == c", "((a == b) == c)")]
    public void Comparisons(string text, string expected) => Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("10k", "10k")]
    [InlineData("4MiB", "4MiB")]
    [InlineData("1%", "1%")]
    [InlineData("1.5e3", "1500")]
    [InlineData("2E-2", "0.02")]
    [InlineData("0.25GB", "0.25GB")]
    [InlineData("3em", "3em")]
    public void Numbers_WithUnits(string text, string expected) => Assert.Equal(expected, Parse(text));

    [Fact]
    public void Number_UnitIsSeparated()
    {
        var (parsed, _) = ParseRaw("4MiB");
        var n = Assert.IsType<NumberExpressionSyntax>(parsed!.Root);
        Assert.Equal(4, n.Value);
        Assert.Equal("MiB", n.Unit);
        Assert.True(n.IsInteger);
        Assert.Equal(new TextSpan(1, 3), n.UnitSpan);
    }

    [Theory]
    [InlineData("a |> b |> c", "((a |> b) |> c)")]
    [InlineData("a + b |> c", "((a + b) |> c)")]
    [InlineData("a |> b + c", "(a |> (b + c))")]
    [InlineData("nm(2, 4) |> int4(group=32)", "(nm(2, 4) |> int4(group=32))")]
    [InlineData("lowrank(rank=16) + int2(group=16)", "(lowrank(rank=16) + int2(group=16))")]
    [InlineData("2:4 |> int4", "(2:4 |> int4)")]
    public void Codecs_PipeIsLoosest(string text, string expected) => Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("int8(axis=0, symmetric)", "int8(axis=0, symmetric)")]
    [InlineData("percentile(99.99)", "percentile(99.99)")]
    [InlineData("f()", "f()")]
    [InlineData("f(a, b=1 + 2,)", "f(a, b=(1 + 2))")]
    [InlineData("f(g(h(1)))", "f(g(h(1)))")]
    public void Calls_WithNamedArguments(string text, string expected) => Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("[]", "[]")]
    [InlineData("[1, 2, 3,]", "[1, 2, 3]")]
    [InlineData("[[1], [2]]", "[[1], [2]]")]
    [InlineData("shape[0]", "shape[0]")]
    [InlineData("shape[-1] * 2", "(shape[(-1)] * 2)")]
    [InlineData("attr.kernel_shape == [1, 1]", "(attr.kernel_shape == [1, 1])")]
    [InlineData("fp32.size", "fp32.size")]
    [InlineData("a.b.c", "a.b.c")]
    public void Lists_IndexAndMembers(string text, string expected) => Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("\"a\\\\b\"", "a\\b")]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"\\d+\"", "\\d+")]
    [InlineData("\"tab\\there\"", "tab\there")]
    public void Strings_Escapes(string text, string value)
    {
        var (parsed, _) = ParseRaw(text);
        Assert.Equal(value, Assert.IsType<StringExpressionSyntax>(parsed!.Root).Value);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Booleans(string text, bool value) =>
        Assert.Equal(value, Assert.IsType<BooleanExpressionSyntax>(ParseRaw(text).Parsed!.Root).Value);

    [Fact]
    public void Spans_CoverTheirText()
    {
        var (parsed, _) = ParseRaw("op == Conv and params > 10k");
        var and = Assert.IsType<BinaryExpressionSyntax>(parsed!.Root);
        Assert.Equal(new TextSpan(11, 3), and.OperatorSpan);
        Assert.Equal("params > 10k", parsed.TextOf(and.Right));
        Assert.Equal("op == Conv", parsed.TextOf(and.Left));
    }

    [Fact]
    public void Error_EndsTooEarly_PointsAtTheEnd()
    {
        var d = Error("op == Conv and");
        Assert.Equal(RecipeDiagnosticCodes.UnexpectedToken, d.Code.Number);
        Assert.Equal("the expression ends too early", d.Message);
        Assert.Contains("a name, number, string", d.Hint, StringComparison.Ordinal);
        Assert.Equal("    |              ^", Caret(d));
    }

    [Fact]
    public void Error_TwoValues_AsksForAnOperator()
    {
        var d = Error("op Conv");
        Assert.Equal("unexpected 'Conv' in expression", d.Message);
        Assert.Contains("expected an operator", d.Hint, StringComparison.Ordinal);
        Assert.Equal("    |    ^~~~", Caret(d));
    }

    [Fact]
    public void Error_SingleEquals_SuggestsDoubleEquals()
    {
        var d = Error("op = Conv");
        Assert.Contains("'=='", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_UnclosedBracket_SaysWhatIsMissing()
    {
        var d = Error("op in [Conv, Gemm");
        Assert.Equal("the expression ends too early", d.Message);
        Assert.Equal("expected ']' or ','", d.Hint);
    }

    [Fact]
    public void Error_UnclosedParen() => Assert.Contains("')'", Error("(a or b").Hint, StringComparison.Ordinal);

    [Theory]
    [InlineData("a && b", "'and'")]
    [InlineData("a || b", "'or'")]
    [InlineData("!a", "'not'")]
    [InlineData("a; b", "';'")]
    public void Error_ForeignOperators_NameTheWordToUse(string text, string hint)
    {
        var d = Error(text);
        Assert.Equal(RecipeDiagnosticCodes.UnexpectedCharacter, d.Code.Number);
        Assert.Contains(hint, d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_UnterminatedString()
    {
        var d = Error("name ~ \"^conv");
        Assert.Equal(RecipeDiagnosticCodes.UnterminatedString, d.Code.Number);
        Assert.Equal("    |        ^~~~~~", Caret(d));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Error_Empty(string text) => Assert.Equal(RecipeDiagnosticCodes.EmptyExpression, Error(text).Code.Number);

    [Fact]
    public void Error_HugeNumber() => Assert.Equal(RecipeDiagnosticCodes.NumberOutOfRange, Error("params > 1e400").Code.Number);

    [Fact]
    public void Error_DeepNesting_IsReportedNotOverflowed()
    {
        var text = new string('(', 10_000) + "a" + new string(')', 10_000);
        Assert.Equal(RecipeDiagnosticCodes.ExpressionTooComplex, Error(text).Code.Number);
        Assert.Equal(RecipeDiagnosticCodes.ExpressionTooComplex, Error(string.Concat(Enumerable.Repeat("not ", 5000)) + "a").Code.Number);
        Assert.Equal(RecipeDiagnosticCodes.ExpressionTooComplex, Error(string.Concat(Enumerable.Repeat("-", 5000)) + "1").Code.Number);
    }

    [Fact]
    public void Error_LongChains_AreLimited()
    {
        var text = string.Join(" or ", Enumerable.Repeat("a", 5000));
        Assert.Equal(RecipeDiagnosticCodes.ExpressionTooComplex, Error(text).Code.Number);
        var fits = string.Join(" or ", Enumerable.Repeat("a", 200));
        Assert.NotNull(ParseRaw(fits).Parsed);
    }

    [Fact]
    public void Error_OnlyTheFirstIsReported()
    {
        var (parsed, diagnostics) = ParseRaw("a == == b or or c");
        Assert.Null(parsed);
        Assert.Equal(1, diagnostics.Count);
    }

    [Fact]
    public void Error_MapsThroughTheScalarOffsets()
    {
        // the expression sits at offset 10 of a file line: the caret must point there
        var file = new SourceText("r.yaml", "  match: 'op == == b'\n");
        var text = ScalarText.Align(file, "op == == b", 9, 21, quoted: true);
        var diagnostics = new RecipeDiagnostics();
        Assert.Null(ExpressionParser.Parse(text, diagnostics, "the selector"));
        var d = diagnostics.ToImmutableArray()[0];
        Assert.StartsWith("r.yaml:1:17:", DiagnosticFormatter.Format(d), StringComparison.Ordinal);
    }
}
