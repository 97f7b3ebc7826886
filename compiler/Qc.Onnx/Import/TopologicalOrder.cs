using Onnx;

namespace Qc.Onnx.Import;

/// <summary>A cycle among a graph's nodes: the first node on it and the values along it in data-flow order.</summary>
internal sealed record NodeCycle(int FirstNode, IReadOnlyList<string> Values);

/// <summary>Orders the nodes of an ONNX graph so every value is defined before use, keeping file order where possible.</summary>
/// <remarks>
/// Kahn's algorithm that always takes the ready node with the smallest file index, so a sorted graph keeps its order.
/// A node depends on the producers of its inputs and of the outer-scope names its subgraphs use. When nodes remain on a
/// cycle, the cycle is recorded and its nodes are emitted in file order so import can go on.
/// </remarks>
internal static class TopologicalOrder
{
    public static (List<int> Order, List<NodeCycle> Cycles) Sort(GraphProto graph, Func<GraphProto, IReadOnlySet<string>> freeVariables)
    {
        var n = graph.Node.Count;
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            foreach (var o in graph.Node[i].Output)
            {
                if (o.Length > 0)
                {
                    producer.TryAdd(o, i);
                }
            }
        }

        var deps = new List<(int Node, string Value)>[n];
        var dependents = new List<int>[n];
        var pending = new int[n];
        for (var i = 0; i < n; i++)
        {
            deps[i] = [];
            dependents[i] = [];
        }

        for (var i = 0; i < n; i++)
        {
            var seen = new HashSet<int>();
            foreach (var name in UsedNames(graph.Node[i], freeVariables))
            {
                if (producer.TryGetValue(name, out var p) && seen.Add(p))
                {
                    deps[i].Add((p, name));
                    dependents[p].Add(i);
                    pending[i]++;
                }
            }
        }

        var order = new List<int>(n);
        var cycles = new List<NodeCycle>();
        var done = new bool[n];
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < n; i++)
        {
            if (pending[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        void Emit(int i)
        {
            done[i] = true;
            order.Add(i);
            foreach (var d in dependents[i])
            {
                if (!done[d] && --pending[d] == 0)
                {
                    ready.Enqueue(d, d);
                }
            }
        }

        while (order.Count < n)
        {
            while (ready.TryDequeue(out var i, out _))
            {
                if (!done[i])
                {
                    Emit(i);
                }
            }

            if (order.Count == n)
            {
                break;
            }

            var cycle = FindCycle(deps, done);
            cycles.Add(cycle.Cycle);
            foreach (var i in cycle.Nodes.Order())
            {
                if (!done[i])
                {
                    Emit(i);
                }
            }
        }

        return (order, cycles);
    }

    /// <summary>The names a node reads: its inputs and the outer-scope names used by its subgraphs.</summary>
    private static IEnumerable<string> UsedNames(NodeProto node, Func<GraphProto, IReadOnlySet<string>> freeVariables)
    {
        foreach (var i in node.Input)
        {
            if (i.Length > 0)
            {
                yield return i;
            }
        }

        foreach (var a in node.Attribute)
        {
            if (a.G is { } g)
            {
                foreach (var f in freeVariables(g))
                {
                    yield return f;
                }
            }

            foreach (var sub in a.Graphs)
            {
                foreach (var f in freeVariables(sub))
                {
                    yield return f;
                }
            }
        }
    }

    /// <summary>Walks from the first unfinished node along unfinished dependencies until a node repeats.</summary>
    private static (NodeCycle Cycle, List<int> Nodes) FindCycle(List<(int Node, string Value)>[] deps, bool[] done)
    {
        var start = Array.IndexOf(done, false);
        var path = new List<int> { start };
        var edges = new List<string>();
        var position = new Dictionary<int, int> { [start] = 0 };
        var current = start;
        while (true)
        {
            var (next, value) = deps[current].First(d => !done[d.Node]);
            edges.Add(value);
            if (position.TryGetValue(next, out var at))
            {
                var nodes = path.GetRange(at, path.Count - at);
                var values = edges.GetRange(at, edges.Count - at);
                values.Reverse();
                values.Add(values[0]);
                return (new NodeCycle(nodes.Min(), values), nodes);
            }

            position[next] = path.Count;
            path.Add(next);
            current = next;
        }
    }

    /// <summary>The names a subgraph reads from enclosing scopes (used minus defined, nested subgraphs included).</summary>
    public static HashSet<string> FreeVariables(GraphProto graph, Func<GraphProto, IReadOnlySet<string>> nested)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in graph.Input)
        {
            defined.Add(i.Name);
        }

        foreach (var t in graph.Initializer)
        {
            defined.Add(t.Name);
        }

        foreach (var s in graph.SparseInitializer)
        {
            if (s.Values is { } v)
            {
                defined.Add(v.Name);
            }
        }

        foreach (var node in graph.Node)
        {
            foreach (var o in node.Output)
            {
                defined.Add(o);
            }
        }

        var free = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var name in UsedNames(node, nested))
            {
                if (!defined.Contains(name))
                {
                    free.Add(name);
                }
            }
        }

        foreach (var o in graph.Output)
        {
            if (o.Name.Length > 0 && !defined.Contains(o.Name))
            {
                free.Add(o.Name);
            }
        }

        return free;
    }
}
