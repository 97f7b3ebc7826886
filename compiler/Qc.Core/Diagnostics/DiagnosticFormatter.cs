using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Qc.Core.Diagnostics;

/// <summary>Renders diagnostics as text (<c>file:line:col: error QCnnnn: message</c>, source line, caret, hint) or JSON.</summary>
public static class DiagnosticFormatter
{
    /// <summary>Renders one diagnostic as human-readable text, ending with a newline.</summary>
    public static string Format(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var sb = new StringBuilder();
        sb.Append(FormatLocation(diagnostic.Location));
        sb.Append(SeverityWord(diagnostic.Severity)).Append(' ').Append(diagnostic.Code).Append(": ").Append(diagnostic.Message).Append('\n');
        AppendSnippet(sb, diagnostic.Location);
        foreach (var note in diagnostic.Notes)
        {
            sb.Append("  note: ").Append(note.Message);
            var where = FormatLocation(note.Location);
            if (where.Length > 0)
            {
                sb.Append(" (").Append(where.TrimEnd(' ', ':')).Append(')');
            }

            sb.Append('\n');
        }

        if (diagnostic.Hint is { } hint)
        {
            sb.Append("  hint: ").Append(hint).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Renders all diagnostics, one after another.</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics) => string.Concat(diagnostics.Select(Format));

    /// <summary>Renders diagnostics as a JSON array for CI and editors.</summary>
    public static string FormatJson(IEnumerable<Diagnostic> diagnostics)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var d in diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("code", d.Code.ToString());
                w.WriteString("severity", SeverityWord(d.Severity));
                w.WriteString("message", d.Message);
                if (d.Hint is not null)
                {
                    w.WriteString("hint", d.Hint);
                }

                WriteJsonLocation(w, d.Location);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteJsonLocation(Utf8JsonWriter w, Location location)
    {
        switch (location)
        {
            case SourceLocation s:
                var (line, col) = s.Source.GetLineColumn(s.Span.Start);
                w.WriteString("file", s.Source.Path);
                w.WriteNumber("line", line);
                w.WriteNumber("column", col);
                w.WriteNumber("length", s.Span.Length);
                break;
            case FileLocation f:
                w.WriteString("file", f.Path);
                if (f.ByteOffset is { } off)
                {
                    w.WriteNumber("byteOffset", off);
                }

                break;
            case NodeLocation n:
                w.WriteString("file", n.Path);
                w.WriteString("node", n.NodeName);
                w.WriteString("opType", n.OpType);
                break;
        }
    }

    private static string SeverityWord(Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static string FormatLocation(Location location) => location switch
    {
        SourceLocation s => FormatSource(s),
        FileLocation { ByteOffset: { } off } f => string.Create(CultureInfo.InvariantCulture, $"{f.Path}: byte {off}: "),
        FileLocation f => f.Path + ": ",
        NodeLocation n => $"{n.Path}: node '{n.NodeName}' ({n.OpType}): ",
        _ => string.Empty,
    };

    private static string FormatSource(SourceLocation s)
    {
        var (line, col) = s.Source.GetLineColumn(s.Span.Start);
        return string.Create(CultureInfo.InvariantCulture, $"{s.Source.Path}:{line}:{col}: ");
    }

    private static void AppendSnippet(StringBuilder sb, Location location)
    {
        if (location is not SourceLocation s)
        {
            return;
        }

        var (line, col) = s.Source.GetLineColumn(s.Span.Start);
        var text = s.Source.GetLine(line).Replace('\t', ' ');
        var gutter = line.ToString(CultureInfo.InvariantCulture);
        sb.Append(' ', 2).Append(gutter).Append(" | ").Append(text).Append('\n');
        var width = Math.Max(1, Math.Min(s.Span.Length, Math.Max(1, text.Length - col + 1)));
        sb.Append(' ', 2 + gutter.Length).Append(" | ").Append(' ', Math.Max(0, col - 1)).Append('^');
        if (width > 1)
        {
            sb.Append('~', width - 1);
        }

        sb.Append('\n');
    }
}
