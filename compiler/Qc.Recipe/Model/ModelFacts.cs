using System.Collections.Immutable;
using Qc.Ir.Graph;

namespace Qc.Recipe.Model;

/// <summary>What the recipe binder knows about a model: its weight-bearing ops with their facts, the op types present,
/// and fp32 totals (for <c>fp32.size</c> and friends).</summary>
public sealed class ModelFacts
{
    private ModelFacts(string path, ImmutableArray<LayerFacts> layers, ImmutableArray<(string OpType, int Count)> opTypes)
    {
        Path = path;
        Layers = layers;
        OpTypes = opTypes;
        Params = layers.Sum(l => l.Params);
        Macs = layers.All(l => l.Macs.HasValue) ? layers.Sum(l => l.Macs!.Value) : null;
    }

    /// <summary>The model path as shown in diagnostics.</summary>
    public string Path { get; }

    /// <summary>The weight-bearing ops in execution order.</summary>
    public ImmutableArray<LayerFacts> Layers { get; }

    /// <summary>Every op type in the main graph with its count, by name.</summary>
    public ImmutableArray<(string OpType, int Count)> OpTypes { get; }

    /// <summary>Weights and biases of the weight-bearing ops.</summary>
    public long Params { get; }

    /// <summary>Bytes of those parameters in fp32 (<c>fp32.size</c>).</summary>
    public long Fp32Size => Params * 4;

    /// <summary>Multiply-accumulates of the weight-bearing ops, or null when a shape is not static.</summary>
    public long? Macs { get; }

    /// <summary>Bit operations at fp32 (<c>fp32.bops</c> = MACs·32·32), or null.</summary>
    public double? Fp32Bops => Macs is { } m ? m * 32.0 * 32.0 : null;

    /// <summary>Names of the attributes any weight-bearing op has.</summary>
    public ImmutableArray<string> AttributeNames =>
        [.. Layers.SelectMany(l => l.Attributes.Select(a => a.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The layer with a node, output or weight name, or null.</summary>
    public LayerFacts? Find(string name) =>
        Layers.FirstOrDefault(l => l.Name == name) ?? Layers.FirstOrDefault(l => l.Output == name || l.Weight == name);

    /// <summary>Extracts the facts of a module's main graph.</summary>
    public static ModelFacts From(GraphModule module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        var ops = module.Main.Ops;
        var layers = new List<LayerFacts>();
        var byOp = new Dictionary<Op, LayerFacts>();
        foreach (var op in ops)
        {
            if (LayerFactsBuilder.TryCreate(op, layers.Count) is { } facts)
            {
                layers.Add(facts);
                byOp[op] = facts;
            }
        }

        // Depth: weight-bearing ops on the longest path up to each value, in execution order.
        var reach = new Dictionary<Value, int>();
        foreach (var op in ops)
        {
            var upstream = 0;
            foreach (var input in op.Inputs)
            {
                if (input is not null && reach.TryGetValue(input, out var r))
                {
                    upstream = Math.Max(upstream, r);
                }
            }

            var own = upstream;
            if (byOp.TryGetValue(op, out var layer))
            {
                own = upstream + 1;
                layer.Depth = own;
            }

            foreach (var result in op.Results)
            {
                reach[result] = own;
            }
        }

        // Last: no weight-bearing op downstream, in reverse execution order.
        var feedsLayer = new HashSet<Value>();
        for (var i = ops.Count - 1; i >= 0; i--)
        {
            var op = ops[i];
            var isLayer = byOp.TryGetValue(op, out var layer);
            var downstream = op.Results.Any(feedsLayer.Contains);
            if (isLayer)
            {
                layer!.IsLast = !downstream;
            }

            if (isLayer || downstream)
            {
                foreach (var input in op.Inputs)
                {
                    if (input is not null)
                    {
                        feedsLayer.Add(input);
                    }
                }
            }
        }

        var opTypes = ops.GroupBy(o => o.Schema.OpType, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToImmutableArray();
        return new ModelFacts(path, [.. layers], opTypes);
    }
}
