using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Compression;

/// <summary>Small rewrites of the graph IR that compression needs: swapping a constant input, counting uses.</summary>
internal static class GraphEdits
{
    /// <summary>Makes input <paramref name="index"/> of <paramref name="user"/> a new constant holding <paramref name="data"/>.</summary>
    /// <remarks>The new constant op is placed right before <paramref name="user"/>. The old constant op (and its table entry)
    /// is removed when nothing else uses it, so the new entry can take <paramref name="preferredName"/> unchanged.</remarks>
    public static ConstantOp ReplaceConstantInput(GraphModule module, Op user, int index, TensorData data, string preferredName)
    {
        var graph = user.Parent ?? module.Main;
        var old = user.Input(index);
        user.SetInput(index, null);
        if (old is not null)
        {
            RemoveIfUnused(module, old);
        }

        var entry = module.Constants.Add(preferredName, data);
        var op = ConstantOp.Create(module, graph, entry, preferredName);
        graph.Remove(op);
        graph.Insert(IndexOf(graph, user), op);
        user.SetInput(index, op.Result);
        return op;
    }

    /// <summary>Removes a constant op whose result nothing uses, and its table entry when no other op refers to it.</summary>
    public static void RemoveIfUnused(GraphModule module, Value value)
    {
        if (value.Producer is not ConstantOp c || UseCount(module.Main, value) > 0)
        {
            return;
        }

        (c.Parent ?? module.Main).Remove(c);
        foreach (var op in module.Main.AllOps())
        {
            if (op is ConstantOp other && ReferenceEquals(other.Constant, c.Constant))
            {
                return;
            }
        }

        module.Constants.Remove(c.Constant.Name);
    }

    /// <summary>How many op inputs (regions included) and graph outputs refer to <paramref name="value"/>.</summary>
    public static int UseCount(Graph graph, Value value)
    {
        var count = 0;
        foreach (var op in graph.AllOps())
        {
            foreach (var input in op.Inputs)
            {
                if (ReferenceEquals(input, value))
                {
                    count++;
                }
            }
        }

        foreach (var output in graph.Outputs)
        {
            if (ReferenceEquals(output, value))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The position of <paramref name="op"/> in <paramref name="graph"/>.</summary>
    public static int IndexOf(Graph graph, Op op)
    {
        var ops = graph.Ops;
        for (var i = 0; i < ops.Count; i++)
        {
            if (ReferenceEquals(ops[i], op))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{op} is not in graph '{graph.Name}'");
    }

    /// <summary>Replaces <paramref name="op"/> by a new op of the same schema, attributes, regions, node name and result
    /// names but with <paramref name="inputs"/>; every use of the old results (graph outputs included) moves to the new ones.</summary>
    public static Op Rebuild(GraphModule module, Op op, IEnumerable<Value?> inputs, AttributeMap attributes)
    {
        var graph = op.Parent ?? module.Main;
        var names = System.Collections.Immutable.ImmutableArray.CreateRange(op.Results, r => r.Name);
        var init = new OpInit([.. inputs], attributes, op.Regions, names) { NodeName = op.Name };
        var rebuilt = op.Schema.Create(init);
        var index = IndexOf(graph, op);
        graph.Remove(op);
        graph.Insert(index, rebuilt);
        for (var i = 0; i < op.Results.Length; i++)
        {
            rebuilt.Results[i].Type = op.Results[i].Type;
            ReplaceUses(module.Main, op.Results[i], rebuilt.Results[i]);
        }

        return rebuilt;
    }

    /// <summary>Points every use of <paramref name="old"/> (op inputs in all regions, graph outputs) at <paramref name="replacement"/>.</summary>
    public static void ReplaceUses(Graph graph, Value old, Value replacement, Op? except = null)
    {
        foreach (var op in graph.AllOps())
        {
            if (ReferenceEquals(op, except))
            {
                continue;
            }

            for (var i = 0; i < op.Inputs.Count; i++)
            {
                if (ReferenceEquals(op.Inputs[i], old))
                {
                    op.SetInput(i, replacement);
                }
            }
        }

        if (graph.Outputs.Any(o => ReferenceEquals(o, old)))
        {
            graph.SetOutputs(graph.Outputs.Select(o => ReferenceEquals(o, old) ? replacement : o).ToList());
        }
    }

    /// <summary>The ops (regions included) that read <paramref name="value"/>, in graph order, each once.</summary>
    public static List<Op> Users(Graph graph, Value value)
    {
        var result = new List<Op>();
        foreach (var op in graph.AllOps())
        {
            foreach (var input in op.Inputs)
            {
                if (ReferenceEquals(input, value))
                {
                    result.Add(op);
                    break;
                }
            }
        }

        return result;
    }
}
