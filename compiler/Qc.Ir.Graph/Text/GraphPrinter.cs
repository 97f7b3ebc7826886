using System.Text;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Options of <see cref="GraphPrinter"/>.</summary>
/// <param name="PrintConstants">Append a <c>constants { ... }</c> section with the contents of every constant.</param>
/// <param name="PrintLocations">Append <c>loc("node")</c> with the ONNX node name to each op.</param>
/// <param name="InlineConstantLimit">Constants with at most this many elements always print their values inline.</param>
public sealed record PrintOptions(bool PrintConstants = false, bool PrintLocations = false, int InlineConstantLimit = 16);

/// <summary>Prints a module as deterministic graph IR text (see specs/graph-ir.md). GraphParser reads it back.</summary>
public static class GraphPrinter
{
    /// <summary>Prints a whole module.</summary>
    public static string Print(GraphModule module, PrintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        options ??= new PrintOptions();
        var sb = new StringBuilder();
        sb.Append("module");
        if (module.Metadata.Count > 0)
        {
            sb.Append(' ');
            AppendAttributes(sb, module.Metadata);
        }

        sb.Append('\n');
        var main = module.Main;
        sb.Append("graph @").Append(IrSyntax.Name(main.Name));
        AppendParameters(sb, main);
        sb.Append(" -> (").AppendJoin(", ", main.Outputs.Select(v => v.Type.ToString())).Append(") {\n");
        AppendBody(sb, main, options, 1, "return");
        sb.Append("}\n");
        if (options.PrintConstants && module.Constants.Count > 0)
        {
            sb.Append("constants {\n");
            foreach (var c in module.Constants)
            {
                sb.Append("  @").Append(IrSyntax.Name(c.Name)).Append(" = ");
                sb.Append(c.Data is { } d ? IrSyntax.Dense(d) : "elided").Append(" : ").Append(c.Type).Append('\n');
            }

            sb.Append("}\n");
        }

        return sb.ToString();
    }

    private static void AppendParameters(StringBuilder sb, Graph g)
    {
        sb.Append('(');
        sb.AppendJoin(", ", g.Parameters.Select(p => "%" + IrSyntax.Name(p.Name) + ": " + p.Type));
        sb.Append(')');
    }

    private static void AppendBody(StringBuilder sb, Graph g, PrintOptions options, int depth, string terminator)
    {
        var indent = new string(' ', depth * 2);
        foreach (var op in g.Ops)
        {
            sb.Append(indent);
            AppendOp(sb, op, options, depth);
            sb.Append('\n');
        }

        sb.Append(indent).Append(terminator);
        if (g.Outputs.Count > 0)
        {
            sb.Append(' ').AppendJoin(", ", g.Outputs.Select(v => "%" + IrSyntax.Name(v.Name)));
        }

        sb.Append('\n');
    }

    private static void AppendOp(StringBuilder sb, Op op, PrintOptions options, int depth)
    {
        if (op.Results.Length > 0)
        {
            sb.AppendJoin(", ", op.Results.Select(r => "%" + IrSyntax.Name(r.Name))).Append(" = ");
        }

        sb.Append("graph.").Append(op.Mnemonic);
        if (op is OpaqueOp opaque)
        {
            sb.Append('<').Append(IrSyntax.Quote(opaque.QualifiedName)).Append('>');
        }

        if (op is ConstantOp c)
        {
            sb.Append(" @").Append(IrSyntax.Name(c.Constant.Name));
            if (c.Constant.Data is { } data && data.ElementCount <= options.InlineConstantLimit)
            {
                sb.Append(' ').Append(IrSyntax.Dense(data));
            }

            sb.Append(" : ").Append(c.Constant.Type);
            AppendLocation(sb, op, options);
            return;
        }

        if (op.Inputs.Count > 0)
        {
            sb.Append(' ').AppendJoin(", ", op.Inputs.Select(v => v is null ? "none" : "%" + IrSyntax.Name(v.Name)));
        }

        if (op.Attributes.Count > 0)
        {
            sb.Append(' ');
            AppendAttributes(sb, op.Attributes);
        }

        sb.Append(" : (").AppendJoin(", ", op.Inputs.Select(v => v is null ? "none" : v.Type.ToString())).Append(") -> ");
        if (op.Results.Length == 1)
        {
            sb.Append(op.Result.Type);
        }
        else
        {
            sb.Append('(').AppendJoin(", ", op.Results.Select(r => r.Type.ToString())).Append(')');
        }

        AppendLocation(sb, op, options);
        foreach (var region in op.Regions)
        {
            sb.Append(' ').Append(IrSyntax.Name(region.Name));
            AppendParameters(sb, region.Body);
            sb.Append(" {\n");
            AppendBody(sb, region.Body, options, depth + 1, "yield");
            sb.Append(new string(' ', depth * 2)).Append('}');
        }
    }

    private static void AppendLocation(StringBuilder sb, Op op, PrintOptions options)
    {
        if (options.PrintLocations && op.Name is { } name)
        {
            sb.Append(" loc(").Append(IrSyntax.Quote(name)).Append(')');
        }
    }

    /// <summary>Appends <c>{a = 1, b = [1, 2]}</c>.</summary>
    internal static void AppendAttributes(StringBuilder sb, AttributeMap attributes)
    {
        sb.Append('{');
        var first = true;
        foreach (var (name, value) in attributes)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            sb.Append(IrSyntax.Name(name)).Append(" = ").Append(FormatAttribute(value));
        }

        sb.Append('}');
    }

    /// <summary>Formats one attribute value.</summary>
    internal static string FormatAttribute(AttributeValue value) => value switch
    {
        IntAttr i => IrSyntax.Int(i.Value),
        FloatAttr f => IrSyntax.Float(f.Value, single: true),
        StringAttr s => IrSyntax.Quote(s.Value),
        IntsAttr { Values.Length: 0 } => "ints[]",
        IntsAttr l => "[" + string.Join(", ", l.Values.Select(IrSyntax.Int)) + "]",
        FloatsAttr { Values.Length: 0 } => "floats[]",
        FloatsAttr l => "[" + string.Join(", ", l.Values.Select(v => IrSyntax.Float(v, single: true))) + "]",
        StringsAttr { Values.Length: 0 } => "strings[]",
        StringsAttr l => "[" + string.Join(", ", l.Values.Select(IrSyntax.Quote)) + "]",
        TensorAttr t => IrSyntax.Dense(t.Value) + " : " + TensorType.Of(t.Value.ElementType, t.Value.Dims),
        TypeAttr t => "type<" + t.Value + ">",
        _ => throw new InvalidOperationException($"unknown attribute kind {value.Kind}"),
    };

    /// <summary>Convenience: the element-type name (used by tests).</summary>
    internal static string ElementName(ElementType t) => t.Name();
}
