using Qc.Core.Diagnostics;
using Qc.Recipe.Syntax.Yaml;

namespace Qc.Recipe.Tests.Syntax;

public sealed class YamlReaderTests
{
    private static YamlMappingSyntax Root(string yaml)
    {
        var result = RecipeLoader.Parse("r.yaml", yaml, TestRecipes.Options());
        Assert.True(result.Success, DiagnosticFormatter.Format(result.Diagnostics));
        return Assert.IsType<YamlMappingSyntax>(result.Syntax!.Root);
    }

    /// <summary>The line:col of the first diagnostic of a recipe against tiny.qir.</summary>
    private static string FirstPosition(string yaml, out Diagnostic diagnostic)
    {
        var result = TestRecipes.Run(yaml, name: "r.yaml");
        diagnostic = result.Diagnostics.First(d => d.IsError);
        var text = DiagnosticFormatter.Format(diagnostic);
        return text[("r.yaml:".Length)..text.IndexOf(": ", StringComparison.Ordinal)];
    }

    [Fact]
    public void Scalars_KeepValuesAndStyles()
    {
        var root = Root("a: plain value\nb: 'single ''quoted'''\nc: \"double \\\"quoted\\\"\"\nd: |\n  line1\n  line2\n");
        var a = (YamlScalarSyntax)root.Find("a")!.Value;
        Assert.Equal("plain value", a.Value);
        Assert.Equal(YamlScalarStyle.Plain, a.Style);
        Assert.Equal("single 'quoted'", ((YamlScalarSyntax)root.Find("b")!.Value).Value);
        Assert.Equal("double \"quoted\"", ((YamlScalarSyntax)root.Find("c")!.Value).Value);
        var d = (YamlScalarSyntax)root.Find("d")!.Value;
        Assert.Equal("line1\nline2\n", d.Value);
        Assert.Equal(YamlScalarStyle.Block, d.Style);
    }

    [Fact]
    public void Scalars_MapEveryCharacterToTheFile()
    {
        const string yaml = "k: 'it''s x'\n";
        var k = (YamlScalarSyntax)Root(yaml).Find("k")!.Value;
        Assert.Equal("it's x", k.Value);
        var x = k.Text.OffsetOf(k.Value.IndexOf('x', StringComparison.Ordinal));
        Assert.Equal(yaml.IndexOf('x', StringComparison.Ordinal), x);
        var s = k.Text.OffsetOf(k.Value.IndexOf('s', StringComparison.Ordinal));
        Assert.Equal(yaml.IndexOf('s', StringComparison.Ordinal), s);
    }

    [Fact]
    public void Expressions_InPlainScalars_PointAtTheToken() =>
        Assert.Equal("5:29", FirstPosition(TestRecipes.Header + "quantize:\n  rules:\n    - match: op == Conv and is_frist\n      weights: int8\n", out _));

    [Fact]
    public void Expressions_InDoubleQuotedScalars_SkipEscapes()
    {
        // "name ~ \"x\" and bogus": the escaped quotes are two characters in the file, one in the value
        var pos = FirstPosition(TestRecipes.Header + "quantize:\n  rules:\n    - match: \"name ~ \\\"x\\\" and bogus\"\n      weights: int8\n", out var d);
        Assert.Equal(RecipeDiagnosticCodesUnknownName, d.Code.Number);
        Assert.Equal("5:32", pos);
    }

    private const int RecipeDiagnosticCodesUnknownName = Qc.Recipe.Diagnostics.RecipeDiagnosticCodes.UnknownName;

    [Fact]
    public void Expressions_InFoldedPlainScalars_KeepLines()
    {
        var yaml = TestRecipes.Header + "quantize:\n  rules:\n    - match: op == Conv\n        and is_frist\n      weights: int8\n";
        Assert.Equal("6:13", FirstPosition(yaml, out _));
    }

    [Fact]
    public void Expressions_InBlockScalars_KeepLines()
    {
        var yaml = TestRecipes.Header + "quantize:\n  rules:\n    - match: >\n        op == Conv\n        and is_frist\n      weights: int8\n";
        Assert.Equal("7:13", FirstPosition(yaml, out _));
    }

    [Fact]
    public void FlowLists_AreOneExpression_SoCallCommasDoNotSplit()
    {
        var yaml = TestRecipes.Header + "allocate:\n  over: op == Conv\n  choices: [int8(per_channel), nm(2, 4) |> int8(per_channel), # comment\n            int4(per_channel)]\n  subject_to: [size <= 0.5 * fp32.size]\n";
        var result = TestRecipes.Run(yaml);
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.Equal(3, result.Recipe!.Allocate!.Choices.Length);
        Assert.Equal("nm(2, 4) |> int8(per_channel)", result.Recipe.Allocate.Choices[1].ToString());
    }

    [Fact]
    public void FlowLists_ErrorsPointIntoTheList()
    {
        var yaml = TestRecipes.Header + "allocate:\n  over: op == Conv\n  choices: [int8(per_channel), int9]\n  subject_to: [size <= 0.5 * fp32.size]\n";
        Assert.Equal("5:32", FirstPosition(yaml, out var d));
        Assert.Equal(Qc.Recipe.Diagnostics.RecipeDiagnosticCodes.UnknownFormat, d.Code.Number);
    }

    [Fact]
    public void DuplicateKeys_AreReportedWithTheFirst_AndBindingGoesOn()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  weights: int8(per_channel)\n  weights: int4(per_channel)\n  activations: uint9\n");
        Assert.Equal("QC1103 QC2020", TestRecipes.Codes(result));
        Assert.Contains("first defined here (test.yaml:4:3)", TestRecipes.Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_ResolveToTheAnchoredValue()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  weights: &w int8(per_channel)\n  rules:\n    - match: is_first\n      weights: *w\n");
        Assert.True(result.Success, TestRecipes.Render(result));
        Assert.Equal("int8(per_channel)", result.Recipe!.Quantize!.Rules[0].Weights!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("- a\n- b\n")]
    [InlineData("just a scalar\n")]
    public void NonMappingRecipes_AreReported(string yaml)
    {
        var result = TestRecipes.Run(yaml);
        Assert.False(result.Success);
        Assert.Equal("QC2003", TestRecipes.Codes(result));
    }

    [Fact]
    public void InvalidYaml_IsOneDiagnostic()
    {
        var result = TestRecipes.Run("qc: 1\nmodel: [a, b\n");
        Assert.Equal("QC1102", TestRecipes.Codes(result));
        Assert.Null(result.Recipe);
    }

    [Fact]
    public void ByteOrderMark_IsIgnored()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(TestRecipes.Header)).ToArray();
        var result = RecipeFrontEnd.Run(RecipeLoader.Parse("bom.yaml", bytes, TestRecipes.Options()), TestRecipes.Load);
        Assert.True(result.Success, TestRecipes.Render(result));
    }

    [Fact]
    public void Crlf_LinesWork()
    {
        var result = TestRecipes.Run("qc: 1\r\nmodel: tiny.qir\r\nquantize:\r\n  weights: int9\r\n");
        Assert.Equal("QC2020", TestRecipes.Codes(result));
        Assert.StartsWith("test.yaml:4:12:", TestRecipes.Render(result), StringComparison.Ordinal);
    }
}
