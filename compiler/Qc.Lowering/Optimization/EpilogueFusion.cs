using Qc.Lowering.Model;
using Qc.Lowering.Ops;

namespace Qc.Lowering.Optimization;

/// <summary>Fuses elementwise consumers into the kernel of their producer, so the result is written once: a Conv,
/// ConvTranspose, Gemm or MatMul followed by bias adds, activations (Relu, Clip, LeakyRelu, Sigmoid, HardSwish, also
/// written out as Add/Clip/Div/Mul) or a residual Add; and chains of elementwise ops among themselves.</summary>
/// <remarks>
/// Starting from an anchor, the region grows by one elementwise consumer at a time whose result has the anchor's
/// shape and whose other operands are constants, graph inputs or results of ops scheduled before the anchor (so the
/// fused kernel can run at the anchor's place). The region kept is the largest one seen in which only the last
/// result is used outside (or is a graph output); intermediate results then never reach memory.
/// </remarks>
internal static class EpilogueFusion
{
    private static readonly HashSet<string> s_anchors = new(StringComparer.Ordinal) { "Conv", "ConvTranspose", "Gemm", "MatMul" };

    /// <summary>Returns the number of ops fused into another op's kernel.</summary>
    public static int Run(LGraph g)
    {
        var position = new Dictionary<LNode, int>();
        for (var i = 0; i < g.Nodes.Count; i++)
        {
            position[g.Nodes[i]] = i;
        }

        var fused = 0;
        foreach (var anchor in g.Nodes)
        {
            if (anchor.FusedInto is not null || anchor.Outputs.Count != 1
                || !(s_anchors.Contains(anchor.OpType) || ElementwiseOps.IsElementwise(anchor.OpType)))
            {
                continue;
            }

            var members = Grow(anchor, position);
            foreach (var m in members)
            {
                m.FusedInto = anchor;
                anchor.Epilogue.Add(m);
            }

            fused += members.Count;
        }

        g.Nodes.RemoveAll(n => n.FusedInto is not null);
        return fused;
    }

    private static List<LNode> Grow(LNode anchor, Dictionary<LNode, int> position)
    {
        var root = anchor.Output.Shape;
        var region = new List<LNode> { anchor };
        var inside = new HashSet<LValue> { anchor.Output };
        var best = 0;
        while (true)
        {
            var next = inside.SelectMany(v => v.Consumers).Distinct().Where(c => !region.Contains(c))
                .OrderBy(c => position[c]).FirstOrDefault(c => Fusible(c, root, anchor, inside, position));
            if (next is null)
            {
                break;
            }

            region.Add(next);
            inside.Add(next.Output);
            if (OnlyLastEscapes(region))
            {
                best = region.Count - 1;
            }
        }

        return region.GetRange(1, best);
    }

    private static bool Fusible(LNode c, long[] root, LNode anchor, HashSet<LValue> inside, Dictionary<LNode, int> position) =>
        c.FusedInto is null && c.Outputs.Count == 1 && ElementwiseOps.IsElementwise(c.OpType) && ElementwiseOps.Check(c) is null
        && c.Output.Shape.SequenceEqual(root)
        && c.Inputs.OfType<LValue>().All(v => inside.Contains(v) || v.Producer is null || position[v.Producer] < position[anchor]);

    private static bool OnlyLastEscapes(List<LNode> region)
    {
        var set = new HashSet<LNode>(region);
        for (var i = 0; i < region.Count - 1; i++)
        {
            var v = region[i].Output;
            if (v.IsGraphOutput || v.Consumers.Any(c => !set.Contains(c)))
            {
                return false;
            }
        }

        return true;
    }
}
