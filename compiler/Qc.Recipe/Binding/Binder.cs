using Qc.Core.Diagnostics;
using Qc.Core.Text;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Model;
using Qc.Recipe.Registry;
using Qc.Recipe.Syntax;
using Qc.Recipe.Syntax.Expressions;
using Qc.Recipe.Syntax.Yaml;
using Qc.Recipe.Text;

namespace Qc.Recipe.Binding;

/// <summary>Binds a recipe's YAML structure: checks keys and value kinds, parses the expressions in expression positions,
/// resolves their names against the registry and the model, and type-checks them. Binding goes on after an error
/// (failed parts become error nodes, which are never reported again), so one mistake gives one message.</summary>
/// <remarks>Partial files: <c>Binder.Sections.cs</c> (the top-level keys), <c>Binder.Expressions.cs</c> (selectors,
/// constraints, formulas), <c>Binder.Codecs.cs</c> (formats, codecs, calibrators, metrics, patterns).</remarks>
internal sealed partial class Binder
{
    private readonly RecipeSyntax _syntax;
    private readonly RecipeDiagnostics _diagnostics;
    private readonly ModelLoader? _loader;
    private readonly CompressionRegistry _registry = CompressionRegistry.Default;
    private readonly BoundRecipe _recipe;
    private ModelFacts? _model;

    private Binder(RecipeSyntax syntax, ModelLoader? loader, RecipeDiagnostics diagnostics)
    {
        _syntax = syntax;
        _loader = loader;
        _diagnostics = diagnostics;
        _recipe = new BoundRecipe(syntax);
    }

    /// <summary>Binds a recipe; null when its root is not a mapping (reported).</summary>
    public static BoundRecipe? Bind(RecipeSyntax syntax, ModelLoader? loader, RecipeDiagnostics diagnostics)
    {
        var binder = new Binder(syntax, loader, diagnostics);
        return binder.BindRecipe();
    }

    // ---- YAML helpers ----

    private void CheckKeys(YamlMappingSyntax mapping, string section, params string[] allowed)
    {
        foreach (var entry in mapping.Entries)
        {
            if (!allowed.Contains(entry.Name))
            {
                _diagnostics.ReportUnknownKey(entry.Key.Location, entry.Name, section, allowed);
            }
        }
    }

    /// <summary>The mapping value of an entry, or null after reporting its kind.</summary>
    private YamlMappingSyntax? ExpectMapping(YamlEntrySyntax entry, string what, string example)
    {
        if (entry.Value is YamlMappingSyntax m)
        {
            return m;
        }

        _diagnostics.ReportWrongKind(ValueLocation(entry), what, "a mapping of keys", Found(entry.Value), "for example " + example);
        return null;
    }

    /// <summary>The non-empty scalar value of an entry, or null after reporting its kind.</summary>
    private YamlScalarSyntax? ExpectScalar(YamlEntrySyntax entry, string what, string expected)
    {
        if (entry.Value is YamlScalarSyntax { HasErrors: true })
        {
            return null; // a failed ${VAR} substitution, already reported
        }

        if (entry.Value is YamlScalarSyntax { IsNull: false } s)
        {
            return s;
        }

        _diagnostics.ReportWrongKind(ValueLocation(entry), what, expected, Found(entry.Value));
        return null;
    }

    /// <summary>Where an entry's value is, or its key when the value is absent.</summary>
    private static Location ValueLocation(YamlEntrySyntax entry) =>
        entry.Value is YamlScalarSyntax { IsNull: true, Span.Length: 0 } ? entry.Key.Location : entry.Value.Location;

    private static string Found(YamlNodeSyntax node) => node switch
    {
        YamlScalarSyntax { IsNull: true } => "nothing",
        YamlScalarSyntax => "a single value",
        _ => node.KindName,
    };

    private static string Quoted(string key) => $"'{key}'";

    /// <summary>Resolves a path value relative to the file that holds it.</summary>
    private BoundPath BindPath(YamlScalarSyntax scalar)
    {
        var (display, full) = _syntax.FileOf(scalar).Resolve(scalar.Value);
        return new BoundPath(scalar.Value, display, full, scalar.Location);
    }

    /// <summary>Parses an entry's value as an expression: a scalar, or a YAML flow list re-read as one list expression (so
    /// commas inside calls such as <c>nm(2, 4)</c> do not split it).</summary>
    private ParsedExpression? ParseValue(YamlEntrySyntax entry, string what) => ParseNode(entry.Value, what, entry.Key.Location);

    private ParsedExpression? ParseNode(YamlNodeSyntax node, string what, Location emptyLocation)
    {
        switch (node)
        {
            case YamlScalarSyntax { HasErrors: true } or YamlSequenceSyntax { FlowTextHasErrors: true }:
                return null; // a failed ${VAR} substitution, already reported
            case YamlScalarSyntax { IsNull: true }:
                _diagnostics.ReportEmptyExpression(emptyLocation, what);
                return null;
            case YamlScalarSyntax s:
                return ExpressionParser.Parse(s.Text, _diagnostics, what);
            case YamlSequenceSyntax { IsFlow: true, FlowText: { } flow } q when q.Items.All(i => i is YamlScalarSyntax { Style: YamlScalarStyle.Plain }):
                return ExpressionParser.Parse(flow, _diagnostics, what);
            default:
                _diagnostics.ReportWrongKind(node.Location, what, "an expression", Found(node));
                return null;
        }
    }

    /// <summary>The items of a list-valued entry: a YAML block list (one expression per item), a flow list or a scalar
    /// (parsed as one expression, a list in brackets or a single item).</summary>
    private List<(ParsedExpression Source, ExpressionSyntax Item)> ParseList(YamlEntrySyntax entry, string what)
    {
        var items = new List<(ParsedExpression, ExpressionSyntax)>();
        // A block list, or a flow list with quoted items: one expression per item. A flow list of plain items is re-read
        // as one list expression instead (ParseNode), because YAML splits plain items at the commas inside calls.
        if (entry.Value is YamlSequenceSyntax block && (!block.IsFlow || !block.Items.All(i => i is YamlScalarSyntax { Style: YamlScalarStyle.Plain })))
        {
            foreach (var node in block.Items)
            {
                if (ParseNode(node, what, node.Location) is { } parsed)
                {
                    items.Add((parsed, parsed.Root));
                }
            }

            return items;
        }

        if (ParseValue(entry, what) is not { } p)
        {
            return items;
        }

        var root = Unparenthesize(p.Root);
        if (root is ListExpressionSyntax list)
        {
            items.AddRange(list.Items.Select(i => (p, i)));
        }
        else
        {
            items.Add((p, p.Root));
        }

        return items;
    }

    private static ExpressionSyntax Unparenthesize(ExpressionSyntax node)
    {
        while (node is ParenthesizedExpressionSyntax p)
        {
            node = p.Inner;
        }

        return node;
    }

    /// <summary>Describes a syntax node for kind errors ("a comparison", "a number").</summary>
    private static string Describe(ExpressionSyntax node) => Unparenthesize(node) switch
    {
        NumberExpressionSyntax => "a number",
        StringExpressionSyntax => "a string",
        BooleanExpressionSyntax => "true or false",
        NameExpressionSyntax n => $"the name '{n.Name}'",
        MemberExpressionSyntax => "a member access",
        IndexExpressionSyntax => "an index",
        CallExpressionSyntax c => $"a call of '{c.Name}'",
        PatternExpressionSyntax => "an N:M pattern",
        ListExpressionSyntax => "a list",
        UnaryExpressionSyntax { Operator: UnaryOperator.Not } => "a negation",
        UnaryExpressionSyntax => "a negative number",
        BinaryExpressionSyntax b when Operators.IsComparison(b.Operator) => "a comparison",
        BinaryExpressionSyntax { Operator: BinaryOperator.And or BinaryOperator.Or } => "a condition",
        BinaryExpressionSyntax { Operator: BinaryOperator.Pipe } => "a codec chain",
        BinaryExpressionSyntax => "arithmetic",
        _ => "an expression",
    };

    /// <summary>A constant whole number from an entry (<c>samples: 256</c>, <c>samples: 1k</c>), or null after reporting.</summary>
    private long? BindCount(YamlEntrySyntax entry, string what, long min)
    {
        if (ParseValue(entry, what) is not { } parsed)
        {
            return null;
        }

        var bound = BindExpression(parsed.Root, parsed, ExpressionContext.Constant);
        if (bound.Type == BoundType.Error)
        {
            return null;
        }

        if (Evaluator.Constant(bound) is not { Type: BoundType.Number } v || v.Number != Math.Floor(v.Number) || v.Number < min || v.Number > long.MaxValue / 2)
        {
            _diagnostics.ReportBadValue(parsed.LocationOf(parsed.Root), what, $"must be a whole number of at least {Format.Int(min)}, not '{parsed.TextOf(parsed.Root)}'");
            return null;
        }

        return (long)v.Number;
    }

    private static Location LocationOf(ParsedExpression source, ExpressionSyntax node) => source.LocationOf(node);

    private static Location LocationOf(ParsedExpression source, TextSpan span) => source.LocationOf(span);
}
