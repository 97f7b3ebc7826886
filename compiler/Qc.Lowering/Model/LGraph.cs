using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Lowering.Model;

/// <summary>The graph lowering works on: the main graph with every shape static and constants resolved to data.</summary>
/// <remarks>Built from a <see cref="GraphModule"/> without changing it, so the optimizations (folding, BN folding,
/// fusion, dead-code elimination) rewrite this copy only.</remarks>
internal sealed class LGraph
{
    public List<LValue> Inputs { get; } = [];

    public List<LValue> Outputs { get; } = [];

    /// <summary>The nodes in schedule (topological) order.</summary>
    public List<LNode> Nodes { get; } = [];

    /// <summary>Names of values made by passes (new weights), kept unique against the module's names.</summary>
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>Builds the lowering graph; symbolic or unknown shapes, regions and constants without data are errors.</summary>
    public static LGraph? Build(GraphModule module, string path, DiagnosticBag bag)
    {
        var g = new LGraph();
        var map = new Dictionary<Value, LValue>();
        var ok = true;
        foreach (var p in module.Main.Parameters)
        {
            if (Static(p, null, path, bag) is { } s)
            {
                var v = new LValue(p.Name, s.ElementType, s.Shape) { IsGraphInput = true };
                map[p] = v;
                g.Inputs.Add(v);
                g.Names.Add(p.Name);
            }
            else
            {
                ok = false;
            }
        }

        foreach (var op in module.Main.Ops)
        {
            var location = new NodeLocation(path, op.Name ?? op.Results.FirstOrDefault()?.Name ?? "?", op.Schema.OpType);
            if (op is ConstantOp c)
            {
                if (c.Constant.Data is not { } data)
                {
                    LoweringDiagnostics.ConstantWithoutData(bag, location, c.Constant.Name);
                    ok = false;
                    continue;
                }

                data = WidenInt4(data);
                map[c.Result] = new LValue(c.Result.Name, data.ElementType, [.. data.Dims]) { Constant = data };
                g.Names.Add(c.Result.Name);
                continue;
            }

            var outputs = new List<LValue>();
            foreach (var r in op.Results)
            {
                if (Static(r, op, path, bag) is { } s)
                {
                    var v = new LValue(r.Name, s.ElementType, s.Shape);
                    map[r] = v;
                    outputs.Add(v);
                    g.Names.Add(r.Name);
                }
                else
                {
                    ok = false;
                }
            }

            var inputs = op.Inputs.Select(i => i is null ? null : map.GetValueOrDefault(i)).ToList();
            if (!ok || inputs.Zip(op.Inputs).Any(p => p.First is null && p.Second is not null))
            {
                ok = false;
                continue;
            }

            var opType = op is OpaqueOp opaque ? opaque.OpType : op.Schema.OpType;
            var node = new LNode(opType, op.Attributes, inputs, outputs, location.NodeName) { Location = location };
            foreach (var o in outputs)
            {
                o.Producer = node;
            }

            g.Nodes.Add(node);
        }

        foreach (var o in module.Main.Outputs)
        {
            if (map.TryGetValue(o, out var v))
            {
                v.IsGraphOutput = true;
                g.Outputs.Add(v);
            }
            else
            {
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        g.RebuildConsumers();
        return g;
    }

    /// <summary>Recomputes every value's consumer list from the node inputs.</summary>
    public void RebuildConsumers()
    {
        foreach (var v in AllValues())
        {
            v.Consumers.Clear();
        }

        foreach (var n in Nodes)
        {
            foreach (var i in n.Inputs)
            {
                if (i is not null && !i.Consumers.Contains(n))
                {
                    i.Consumers.Add(n);
                }
            }
        }
    }

    /// <summary>Every value reachable from the inputs, the nodes and the outputs.</summary>
    public IEnumerable<LValue> AllValues()
    {
        var seen = new HashSet<LValue>();
        foreach (var v in Inputs.Concat(Nodes.SelectMany(n => n.Inputs.OfType<LValue>().Concat(n.Outputs))).Concat(Outputs))
        {
            if (seen.Add(v))
            {
                yield return v;
            }
        }
    }

    /// <summary>A name not used by any value, based on <paramref name="preferred"/>.</summary>
    public string UniqueName(string preferred)
    {
        if (Names.Add(preferred))
        {
            return preferred;
        }

        for (var i = 1; ; i++)
        {
            var candidate = preferred + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Names.Add(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>A new constant value holding <paramref name="data"/>.</summary>
    public LValue NewConstant(string preferred, TensorData data) =>
        new(UniqueName(preferred), data.ElementType, [.. data.Dims]) { Constant = data };

    /// <summary>4-bit integer constants (stored codes of int4 weights, packed two per byte) as 8-bit integers of the same
    /// values: kernels address whole elements, and a DequantizeLinear of int4 codes then folds like one of int8 codes.</summary>
    private static TensorData WidenInt4(TensorData data) => data.ElementType switch
    {
        ElementType.I4 => TensorData.Create<sbyte>(data.Dims.AsSpan(), [.. data.ToInt64Array().Select(v => (sbyte)v)]),
        ElementType.U4 => TensorData.Create<byte>(data.Dims.AsSpan(), [.. data.ToInt64Array().Select(v => (byte)v)]),
        _ => data,
    };

    private static (ElementType ElementType, long[] Shape)? Static(Value v, Op? op, string path, DiagnosticBag bag)
    {
        var location = op is null ? (Location)new NodeLocation(path, v.Name, "input")
            : new NodeLocation(path, op.Name ?? v.Name, op.Schema.OpType);
        if (v.Type is not TensorType t)
        {
            LoweringDiagnostics.NotATensor(bag, location, v.Name, v.Type.ToString());
            return null;
        }

        if (t.StaticDims is not { } dims)
        {
            LoweringDiagnostics.NotStatic(bag, location, v.Name, t.ToString());
            return null;
        }

        return (t.ElementType, dims);
    }
}
