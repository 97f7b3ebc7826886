using System.Collections.Immutable;
using Qc.Core.Text;
using Qc.Recipe.Text;

namespace Qc.Recipe.Syntax.Yaml;

/// <summary>A YAML sequence (a list), block style (<c>- item</c>) or flow style (<c>[a, b]</c>).</summary>
public sealed class YamlSequenceSyntax : YamlNodeSyntax
{
    internal YamlSequenceSyntax(SourceText source, TextSpan span, ImmutableArray<YamlNodeSyntax> items, bool isFlow,
        ScalarText? flowText = null, bool flowTextHasErrors = false)
        : base(source, span)
    {
        Items = items;
        IsFlow = isFlow;
        FlowText = flowText ?? (isFlow ? YamlFlowText.Of(source, span) : null);
        FlowTextHasErrors = flowTextHasErrors;
    }

    /// <summary>For a flow list, its source text (comments blanked, variables substituted): expression positions re-read it as
    /// one list expression, so commas inside calls such as <c>nm(2, 4)</c> do not split items.</summary>
    internal ScalarText? FlowText { get; }

    /// <summary>True when substituting variables in <see cref="FlowText"/> failed (reported).</summary>
    internal bool FlowTextHasErrors { get; }

    /// <summary>The items.</summary>
    public ImmutableArray<YamlNodeSyntax> Items { get; }

    /// <summary>True for <c>[a, b]</c>.</summary>
    public bool IsFlow { get; }

    /// <inheritdoc/>
    public override string KindName => "a list";

    /// <summary>Returns a copy with other items.</summary>
    internal YamlSequenceSyntax WithItems(ImmutableArray<YamlNodeSyntax> items) => new(Source, Span, items, IsFlow, FlowText, FlowTextHasErrors);

    /// <summary>Returns a copy with another flow text.</summary>
    internal YamlSequenceSyntax WithFlowText(ScalarText text, bool hasErrors) => new(Source, Span, Items, IsFlow, text, hasErrors);
}
