using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Qc.Core.Text;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Qc.Recipe.Syntax.Yaml;

/// <summary>Reads one YAML document into <see cref="YamlNodeSyntax"/> nodes with exact spans, from YamlDotNet's event
/// parser (not its object model, which rejects duplicate keys by throwing and forgets positions).</summary>
/// <remarks>Nesting is limited to <see cref="MaxDepth"/> levels and built without recursion, so hostile input cannot
/// exhaust the stack. Aliases resolve to the anchored node itself (no copying, so no blow-up).</remarks>
internal static partial class YamlReader
{
    /// <summary>The deepest nesting a recipe may have.</summary>
    public const int MaxDepth = 32;

    /// <summary>Reads the document; null when the file is empty or not valid YAML (then an error was reported).</summary>
    public static YamlNodeSyntax? Read(SourceText source, RecipeDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(source);
        var parser = new Parser(new Scanner(new StringReader(source.Text), skipComments: true));
        var stack = new Stack<Frame>();
        var anchors = new Dictionary<string, YamlNodeSyntax>(StringComparer.Ordinal);
        YamlNodeSyntax? root = null;
        var documents = 0;
        var lastEnd = 0;
        try
        {
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                lastEnd = Index(ev.End, source);
                switch (ev)
                {
                    case DocumentStart:
                        if (++documents > 1)
                        {
                            diagnostics.ReportMultipleDocuments(new Qc.Core.Diagnostics.SourceLocation(source, SpanOf(ev, source)));
                            return root;
                        }

                        break;
                    case Scalar s:
                        {
                            var node = ScalarNode(source, s);
                            Remember(anchors, s.Anchor, node);
                            Add(stack, ref root, node, diagnostics);
                            break;
                        }

                    case AnchorAlias a:
                        if (anchors.TryGetValue(a.Value.Value, out var target))
                        {
                            Add(stack, ref root, target, diagnostics);
                        }
                        else
                        {
                            // YAML makes an undefined alias an error of the whole document
                            diagnostics.ReportUndefinedAlias(new Qc.Core.Diagnostics.SourceLocation(source, SpanOf(ev, source)), a.Value.Value);
                            return null;
                        }

                        break;
                    case MappingStart or SequenceStart:
                        if (stack.Count >= MaxDepth)
                        {
                            // nesting this deep is never a recipe: stop, as for invalid YAML
                            diagnostics.ReportYamlTooDeep(new Qc.Core.Diagnostics.SourceLocation(source, SpanOf(ev, source)), MaxDepth);
                            return null;
                        }

                        stack.Push(new Frame(ev, (ev as NodeEvent)!.Anchor));
                        break;
                    case MappingEnd or SequenceEnd:
                        {
                            var frame = stack.Pop();
                            var end = Index(ev.End, source);
                            if (end < source.Text.Length && source.Text[end] is ']' or '}' && (frame.Start is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow }))
                            {
                                end++; // the end event of a flow collection starts at its closing bracket
                            }

                            var span = TextSpan.FromBounds(Index(frame.Start.Start, source), end);
                            YamlNodeSyntax node = frame.Start is MappingStart ms
                                ? new YamlMappingSyntax(source, span, frame.Entries.ToImmutable(), ms.Style == MappingStyle.Flow)
                                : new YamlSequenceSyntax(source, span, frame.Items.ToImmutable(), ((SequenceStart)frame.Start).Style == SequenceStyle.Flow);
                            Remember(anchors, frame.Anchor, node);
                            Add(stack, ref root, node, diagnostics);
                            break;
                        }
                }
            }
        }
        catch (YamlException e)
        {
            var start = Index(e.Start, source);
            var end = Math.Max(start + 1, Index(e.End, source));
            diagnostics.ReportInvalidYaml(new Qc.Core.Diagnostics.SourceLocation(source, TextSpan.FromBounds(start, Math.Min(end, start + 1))),
                Problem(e.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16.3.0's scanner throws this instead of a YamlException for some malformed input (a quoted
            // scalar followed by '[' at the end of a line); the position of the last good event is the best there is.
            var at = Math.Min(lastEnd, Math.Max(0, source.Text.Length - 1));
            diagnostics.ReportInvalidYaml(new Qc.Core.Diagnostics.SourceLocation(source, new TextSpan(at, 1)), "malformed text after this point");
            return null;
        }

        return root;
    }

    private static void Remember(Dictionary<string, YamlNodeSyntax> anchors, AnchorName anchor, YamlNodeSyntax node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static void Add(Stack<Frame> stack, ref YamlNodeSyntax? root, YamlNodeSyntax node, RecipeDiagnostics diagnostics)
    {
        if (stack.Count == 0)
        {
            root ??= node;
            return;
        }

        var frame = stack.Peek();
        if (frame.Start is SequenceStart)
        {
            frame.Items.Add(node);
            return;
        }

        if (!frame.HasKey)
        {
            frame.HasKey = true;
            frame.Key = node as YamlScalarSyntax;
            if (frame.Key is null)
            {
                diagnostics.ReportNonScalarKey(node.Location);
            }

            return;
        }

        frame.HasKey = false;
        if (frame.Key is not { } key)
        {
            return;
        }

        if (frame.Seen.TryGetValue(key.Value, out var first))
        {
            diagnostics.ReportDuplicateKey(key.Location, key.Value, first.Key.Location);
            return;
        }

        var entry = new YamlEntrySyntax(key, node);
        frame.Seen.Add(key.Value, entry);
        frame.Entries.Add(entry);
    }

    private static YamlScalarSyntax ScalarNode(SourceText source, Scalar s)
    {
        var start = Index(s.Start, source);
        var end = Math.Max(start, Index(s.End, source));
        var style = s.Style switch
        {
            ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
            ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
            ScalarStyle.Literal or ScalarStyle.Folded => YamlScalarStyle.Block,
            _ => YamlScalarStyle.Plain,
        };
        var text = style == YamlScalarStyle.Plain && end - start == s.Value.Length && string.CompareOrdinal(source.Text, start, s.Value, 0, s.Value.Length) == 0
            ? ScalarText.Contiguous(source, s.Value, start)
            : ScalarText.Align(source, s.Value, start, end, style is YamlScalarStyle.SingleQuoted or YamlScalarStyle.DoubleQuoted);
        return new YamlScalarSyntax(source, TextSpan.FromBounds(start, end), text, style);
    }

    private static TextSpan SpanOf(ParsingEvent ev, SourceText source)
    {
        var start = Index(ev.Start, source);
        return TextSpan.FromBounds(start, Math.Max(start + 1, Index(ev.End, source)));
    }

    private static int Index(Mark mark, SourceText source) => (int)Math.Clamp(mark.Index, 0, source.Text.Length);

    /// <summary>YamlDotNet's message without its position prefix, lowercase first, without a trailing period.</summary>
    internal static string Problem(string message)
    {
        var m = PositionPrefix().Replace(message, string.Empty).Trim();
        m = m.TrimEnd('.');
        if (m.StartsWith("While ", StringComparison.Ordinal))
        {
            m = "w" + m[1..];
        }
        else if (m.Length > 1 && char.IsUpper(m[0]) && !char.IsUpper(m[1]))
        {
            m = char.ToLowerInvariant(m[0]) + m[1..];
        }

        return m.Length == 0 ? "malformed YAML" : m;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();

    private sealed class Frame(ParsingEvent start, AnchorName anchor)
    {
        public ParsingEvent Start { get; } = start;

        public AnchorName Anchor { get; } = anchor;

        public ImmutableArray<YamlNodeSyntax>.Builder Items { get; } = ImmutableArray.CreateBuilder<YamlNodeSyntax>();

        public ImmutableArray<YamlEntrySyntax>.Builder Entries { get; } = ImmutableArray.CreateBuilder<YamlEntrySyntax>();

        public Dictionary<string, YamlEntrySyntax> Seen { get; } = new(StringComparer.Ordinal);

        public bool HasKey { get; set; }

        public YamlScalarSyntax? Key { get; set; }
    }
}
