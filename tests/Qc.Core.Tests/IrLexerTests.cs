using Qc.Core.Diagnostics;
using Qc.Core.Text;

namespace Qc.Core.Tests;

public sealed class IrLexerTests
{
    private static IrLexer Lexer(string text, bool backtrack = false, bool coverToken = false) =>
        new(new SourceText("t", text), new IrLexerOptions { SyntaxCode = 9, Backtrack = backtrack, ErrorsCoverNextToken = coverToken });

    [Fact]
    public void SkipTrivia_SkipsWhitespaceAndLineComments()
    {
        var lx = Lexer("  // note\n\t x");
        lx.SkipTrivia();
        Assert.Equal('x', lx.Peek());
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 2)]
    public void FailedTry_BacktracksOnlyWhenAsked(bool backtrack, int expected)
    {
        var lx = Lexer("  y", backtrack);
        Assert.False(lx.TryChar('x'));
        Assert.Equal(expected, lx.Position);
        lx.Position = 0;
        Assert.False(lx.TryKeyword("yes"));
        Assert.Equal(expected, lx.Position);
    }

    [Fact]
    public void TryKeyword_NeedsAWordBoundaryAfterALetter()
    {
        Assert.False(Lexer("graphs").TryKeyword("graph"));
        var lx = Lexer("graph @g");
        Assert.True(lx.TryKeyword("graph"));
        Assert.Equal(5, lx.Position);
        Assert.True(Lexer("tensor<2xf32>").TryKeyword("tensor<"));
    }

    [Fact]
    public void ScanString_ResolvesTheEscapesQuoteWrites()
    {
        var value = "a\"b\\c\nd\te\u0001";
        Assert.Equal(value, Lexer(IrText.Quote(value)).ScanString());
    }

    [Fact]
    public void ScanName_ReadsBareOrQuotedNames()
    {
        Assert.Equal("x.1_$", Lexer("x.1_$ rest").ScanName());
        Assert.Equal("in/2", Lexer("\"in/2\"").ScanName());
        var e = Assert.Throws<IrSyntaxException>(() => Lexer("  ").ScanName());
        Assert.Equal(("expected a name", 9, 0, 1), (e.Message, e.Code, e.Offset, e.Length));
    }

    [Fact]
    public void Error_CoveringTheNextToken_SkipsWhitespaceAndSaysEndOfText()
    {
        var lx = Lexer("a   bad token", coverToken: true);
        lx.Position = 1;
        var e = lx.Error("oops");
        Assert.Equal((4, 3), (e.Offset, e.Length));
        lx.Position = 13;
        Assert.Equal("oops, found end of text", lx.Error("oops").Message);
    }

    [Fact]
    public void Report_GivesLineAndColumn()
    {
        var lx = Lexer("ok\n  \"open", coverToken: true);
        lx.SkipTrivia();
        lx.ScanName();
        lx.SkipTrivia();
        var e = Assert.Throws<IrSyntaxException>(lx.ScanString);
        var bag = new DiagnosticBag();
        var d = lx.Report(e, bag);
        Assert.StartsWith("t:2:3: error QC0009: unterminated string", DiagnosticFormatter.Format(d), StringComparison.Ordinal);
    }
}
