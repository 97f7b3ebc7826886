namespace Qc.Ir.Graph;

/// <summary>Produces a named constant of the module's constant table (weights, shape tensors, ...).</summary>
/// <remarks>Printed as <c>%w = graph.constant @name : tensor&lt;...&gt;</c>; small constants also print their values.</remarks>
public sealed class ConstantOp : Op
{
    internal ConstantOp(OpSchema schema, OpInit init, ConstantEntry entry)
        : base(schema, init)
    {
        Constant = entry;
        Result.Type = entry.Type;
    }

    /// <summary>The referenced constant.</summary>
    public ConstantEntry Constant { get; }

    /// <summary>The schema of <c>graph.constant</c>.</summary>
    public static OpSchema Schema_ { get; } = new("", "Constant", "constant", (0, 0), (1, 1), [], [],
        (_, _) => throw new InvalidOperationException("constants are created with ConstantOp.Create"));

    /// <summary>Creates a constant op for a table entry and appends it to the graph.</summary>
    public static ConstantOp Create(GraphModule module, Graph graph, ConstantEntry entry, string? resultName = null, string? nodeName = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(graph);
        var init = new OpInit([], AttributeMap.Empty, [], [module.UniqueName(resultName ?? entry.Name)]) { NodeName = nodeName };
        return graph.Append(new ConstantOp(Schema_, init, entry));
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context) => Result.Type = Constant.Type;
}
