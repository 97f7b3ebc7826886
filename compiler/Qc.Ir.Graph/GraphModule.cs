namespace Qc.Ir.Graph;

/// <summary>A whole model in graph IR: the main graph, the constant table, and model metadata.</summary>
public sealed class GraphModule
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _nextTemp;

    /// <summary>Creates an empty module whose main graph has the given name.</summary>
    public GraphModule(string name)
    {
        Main = new Graph(name);
    }

    /// <summary>The main graph.</summary>
    public Graph Main { get; }

    /// <summary>Named constants (weights and other tensors) referenced by <see cref="ConstantOp"/>s.</summary>
    public ConstantTable Constants { get; } = new();

    /// <summary>Model metadata (ir_version, opset imports, producer), printed in the module header.</summary>
    public AttributeMap Metadata { get; set; } = AttributeMap.Empty;

    /// <summary>Returns a value name not used yet in this module, based on <paramref name="preferred"/>, and reserves it.</summary>
    public string UniqueName(string? preferred)
    {
        if (!string.IsNullOrEmpty(preferred) && _names.Add(preferred))
        {
            return preferred;
        }

        if (!string.IsNullOrEmpty(preferred))
        {
            for (var i = 1; ; i++)
            {
                var candidate = preferred + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (_names.Add(candidate))
                {
                    return candidate;
                }
            }
        }

        while (true)
        {
            var candidate = (_nextTemp++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_names.Add(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Reserves a name exactly; false when it is already taken.</summary>
    public bool ReserveName(string name) => _names.Add(name);

    /// <summary>Creates an op from its schema, reserving unique result names, and appends it to <paramref name="graph"/>.</summary>
    public Op AddOp(Graph graph, OpSchema schema, IEnumerable<Value?> inputs, AttributeMap? attributes = null,
        IEnumerable<string?>? resultNames = null, int resultCount = 1, IEnumerable<Region>? regions = null, string? nodeName = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(schema);
        var names = (resultNames ?? Enumerable.Repeat<string?>(null, resultCount)).Select(UniqueName).ToArray();
        var init = new OpInit([.. inputs], attributes ?? AttributeMap.Empty, [.. regions ?? []], [.. names]) { NodeName = nodeName };
        return graph.Append(schema.Create(init));
    }
}
