using Qc.Core.Diagnostics;
using Qc.Core.Text;

namespace Qc.Core.Tests;

public sealed class DiagnosticFormatterTests
{
    [Fact]
    public void Format_SourceSpan_ShowsLineCaretAndHint()
    {
        var src = new SourceText("r.yaml", "qc: 1\nmodel: m.onnx\n  bits: \"8 - sensitivty(x)\"\n");
        var start = src.Text.IndexOf("sensitivty", StringComparison.Ordinal);
        var d = new Diagnostic(new DiagnosticCode(2104), Severity.Error, new SourceLocation(src, new TextSpan(start, 10)),
            "unknown function 'sensitivty'", "did you mean 'sensitivity'?");
        Assert.Equal(
            "r.yaml:3:14: error QC2104: unknown function 'sensitivty'\n" +
            "  3 |   bits: \"8 - sensitivty(x)\"\n" +
            "    |              ^~~~~~~~~~\n" +
            "  hint: did you mean 'sensitivity'?\n",
            DiagnosticFormatter.Format(d));
    }

    [Fact]
    public void Format_NodeLocation()
    {
        var d = new Diagnostic(new DiagnosticCode(3005), Severity.Warning, new NodeLocation("m.onnx", "conv1", "Conv"), "something");
        Assert.Equal("m.onnx: node 'conv1' (Conv): warning QC3005: something\n", DiagnosticFormatter.Format(d));
    }

    [Fact]
    public void FormatJson_HasCodeAndLineColumn()
    {
        var src = new SourceText("a.txt", "ab\ncd");
        var d = new Diagnostic(new DiagnosticCode(1), Severity.Error, new SourceLocation(src, new TextSpan(4, 1)), "m");
        var json = DiagnosticFormatter.FormatJson([d]);
        Assert.Contains("\"code\": \"QC0001\"", json, StringComparison.Ordinal);
        Assert.Contains("\"line\": 2", json, StringComparison.Ordinal);
        Assert.Contains("\"column\": 2", json, StringComparison.Ordinal);
    }

    [Fact]
    public void SourceText_LineColumn_AtEdges()
    {
        var src = new SourceText("x", "a\n\nbc");
        Assert.Equal((1, 1), src.GetLineColumn(0));
        Assert.Equal((2, 1), src.GetLineColumn(2));
        Assert.Equal((3, 2), src.GetLineColumn(4));
        Assert.Equal((3, 3), src.GetLineColumn(99));
        Assert.Equal("bc", src.GetLine(3));
    }
}
