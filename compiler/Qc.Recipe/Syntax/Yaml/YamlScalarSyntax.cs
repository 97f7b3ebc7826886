using Qc.Core.Text;
using Qc.Recipe.Text;

namespace Qc.Recipe.Syntax.Yaml;

/// <summary>A YAML scalar: its value (after unescaping and <c>${VAR}</c> substitution) with a per-character offset map.</summary>
public sealed class YamlScalarSyntax : YamlNodeSyntax
{
    internal YamlScalarSyntax(SourceText source, TextSpan span, ScalarText text, YamlScalarStyle style, bool hasErrors = false)
        : base(source, span)
    {
        Text = text;
        Style = style;
        HasErrors = hasErrors;
    }

    /// <summary>True when substituting its variables failed (reported); consumers skip it silently.</summary>
    internal bool HasErrors { get; }

    /// <summary>The value.</summary>
    public string Value => Text.Value;

    /// <summary>How the scalar was written.</summary>
    public YamlScalarStyle Style { get; }

    /// <summary>The value with its offset map.</summary>
    internal ScalarText Text { get; }

    /// <summary>True for an absent value (<c>key:</c> with nothing after it, <c>~</c>, <c>null</c>).</summary>
    public bool IsNull => Style == YamlScalarStyle.Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc/>
    public override string KindName => IsNull ? "nothing" : "a scalar";

    /// <summary>Returns a copy with another value (substitution keeps the span of the original node).</summary>
    internal YamlScalarSyntax WithText(ScalarText text, bool hasErrors) => new(Source, Span, text, Style, hasErrors);
}
