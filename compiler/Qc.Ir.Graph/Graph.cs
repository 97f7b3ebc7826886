namespace Qc.Ir.Graph;

/// <summary>A list of ops in execution order with parameters and outputs: the main graph or the body of a region.</summary>
/// <remarks>Invariant after import: ops are topologically sorted; every input is a parameter, an earlier result, or a value of an enclosing graph.</remarks>
public sealed class Graph
{
    private readonly List<Value> _parameters = [];
    private readonly List<Op> _ops = [];
    private readonly List<Value> _outputs = [];

    /// <summary>Creates an empty graph.</summary>
    public Graph(string name) => Name = name;

    /// <summary>The graph's name (printed as <c>@name</c> for the main graph).</summary>
    public string Name { get; set; }

    /// <summary>The parameters (graph inputs, or region arguments).</summary>
    public IReadOnlyList<Value> Parameters => _parameters;

    /// <summary>The ops in execution order.</summary>
    public IReadOnlyList<Op> Ops => _ops;

    /// <summary>The values the graph returns, in order.</summary>
    public IReadOnlyList<Value> Outputs => _outputs;

    /// <summary>The op owning this graph as a region, or null for the main graph.</summary>
    public Op? ParentOp { get; internal set; }

    /// <summary>Adds a parameter.</summary>
    public Value AddParameter(string name, IrType type)
    {
        var v = new Value(name, type, null, _parameters.Count);
        _parameters.Add(v);
        return v;
    }

    /// <summary>Appends an op.</summary>
    public T Append<T>(T op)
        where T : Op
    {
        ArgumentNullException.ThrowIfNull(op);
        op.Parent = this;
        _ops.Add(op);
        return op;
    }

    /// <summary>Inserts an op at a position.</summary>
    public void Insert(int index, Op op)
    {
        op.Parent = this;
        _ops.Insert(index, op);
    }

    /// <summary>Removes an op.</summary>
    public bool Remove(Op op) => _ops.Remove(op);

    /// <summary>Replaces the op list (used by sorting and rewriting passes).</summary>
    public void SetOps(IEnumerable<Op> ops)
    {
        var list = ops.ToList();
        _ops.Clear();
        foreach (var op in list)
        {
            Append(op);
        }
    }

    /// <summary>Sets the outputs.</summary>
    public void SetOutputs(IEnumerable<Value> outputs)
    {
        _outputs.Clear();
        _outputs.AddRange(outputs);
    }

    /// <summary>Enumerates the ops of this graph and, recursively, of all regions.</summary>
    public IEnumerable<Op> AllOps()
    {
        foreach (var op in _ops)
        {
            yield return op;
            foreach (var r in op.Regions)
            {
                foreach (var inner in r.Body.AllOps())
                {
                    yield return inner;
                }
            }
        }
    }
}
