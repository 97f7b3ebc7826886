using Qc.Lowering.Model;

namespace Qc.Lowering.Optimization;

/// <summary>Removes ops none of whose results is a graph output or read by another op.</summary>
internal static class DeadCodeElimination
{
    /// <summary>Returns the number of ops removed.</summary>
    public static int Run(LGraph g)
    {
        var live = new HashSet<LValue>(g.Outputs);
        var kept = new List<LNode>();
        for (var i = g.Nodes.Count - 1; i >= 0; i--)
        {
            var n = g.Nodes[i];
            if (n.Outputs.Any(live.Contains))
            {
                kept.Add(n);
                foreach (var v in n.Inputs.OfType<LValue>())
                {
                    live.Add(v);
                }
            }
        }

        kept.Reverse();
        var removed = g.Nodes.Count - kept.Count;
        g.Nodes.Clear();
        g.Nodes.AddRange(kept);
        g.RebuildConsumers();
        return removed;
    }
}
