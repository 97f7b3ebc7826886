using System.Collections.Immutable;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>Computes a chain (or small DAG) of elementwise ops at one result position: operands that come from outside
/// are loaded through their <see cref="LeafView"/>, intermediate results stay in registers, and the value of an
/// optional anchor (a Conv or MatMul accumulator) enters as a register too. Used for standalone elementwise kernels and
/// for the fused epilogues of Conv, Gemm and MatMul.</summary>
internal sealed class ElementwiseEmitter
{
    private readonly LoweringContext _ctx;
    private readonly IReadOnlyList<LNode> _members;
    private readonly LValue? _anchor;
    private readonly List<Leaf> _leaves = [];
    private readonly Dictionary<(LNode, int), Leaf> _leafOf = [];

    /// <param name="ctx">The lowering context (buffers).</param>
    /// <param name="members">The elementwise nodes, each after the nodes it reads.</param>
    /// <param name="anchor">The value the caller supplies in a register (null: none).</param>
    /// <param name="root">The shape of the result (every member's result has it).</param>
    public ElementwiseEmitter(LoweringContext ctx, IReadOnlyList<LNode> members, LValue? anchor, long[] root)
    {
        _ctx = ctx;
        _members = members;
        _anchor = anchor;
        Shape = root;
        var inside = new HashSet<LValue>(members.Select(m => m.Output));
        if (anchor is not null)
        {
            inside.Add(anchor);
        }

        foreach (var m in members)
        {
            for (var i = 0; i < m.Inputs.Count; i++)
            {
                if (m.Inputs[i] is { } v && !inside.Contains(v) && ElementwiseOps.IsDataInput(m, i))
                {
                    var leaf = new Leaf(v, ElementwiseOps.ViewOf(m, i, root));
                    _leaves.Add(leaf);
                    _leafOf[(m, i)] = leaf;
                }
            }
        }
    }

    /// <summary>The iteration shape (the root shape, possibly with axes merged by <see cref="CollapseAxes"/>).</summary>
    public long[] Shape { get; private set; }

    /// <summary>The final result.</summary>
    public LValue Output => _members.Count > 0 ? _members[^1].Output : _anchor!;

    /// <summary>True when every operand can be read as a vector along the last axis (contiguous or broadcast).</summary>
    public bool Vectorizable => _leaves.All(l => l.View.VectorFriendly);

    /// <summary>Merges axes <paramref name="k"/> and k+1 when every operand is contiguous or broadcast across both.</summary>
    public bool TryMerge(int k)
    {
        if (!_leaves.All(l => l.View.Mergeable(k, Shape)))
        {
            return false;
        }

        foreach (var l in _leaves)
        {
            l.View.Merge(k);
        }

        Shape = [.. Shape[..k], Shape[k] * Shape[k + 1], .. Shape[(k + 2)..]];
        return true;
    }

    /// <summary>Merges adjacent axes wherever possible (fewer loops, longer rows).</summary>
    public void CollapseAxes()
    {
        for (var k = Shape.Length - 2; k >= 0; k--)
        {
            TryMerge(k);
        }
    }

    /// <summary>Emits the computation at <paramref name="idx"/> (one index per axis of <see cref="Shape"/>) with
    /// <paramref name="lanes"/> consecutive positions along the last axis; returns the final value.</summary>
    public KernelValue Emit(KernelBuilder b, KernelValue? anchorValue, IReadOnlyList<KernelValue> idx, int lanes)
    {
        var values = new Dictionary<LValue, KernelValue>();
        if (_anchor is not null)
        {
            values[_anchor] = anchorValue ?? throw new ArgumentNullException(nameof(anchorValue));
        }

        var loads = new Dictionary<Leaf, KernelValue>();
        foreach (var m in _members)
        {
            var ins = new KernelValue?[m.Inputs.Count];
            for (var i = 0; i < m.Inputs.Count; i++)
            {
                if (m.Inputs[i] is not { } v || !ElementwiseOps.IsDataInput(m, i))
                {
                    continue;
                }

                if (_leafOf.TryGetValue((m, i), out var leaf))
                {
                    var same = loads.Keys.FirstOrDefault(l => l.Value == leaf.Value && l.View.Strides.SequenceEqual(leaf.View.Strides)
                        && l.View.Divisors.SequenceEqual(leaf.View.Divisors));
                    if (same is null)
                    {
                        loads[leaf] = Load(b, leaf, idx, lanes);
                        same = leaf;
                    }

                    ins[i] = loads[same];
                }
                else
                {
                    ins[i] = values[v];
                }
            }

            values[m.Output] = ElementwiseOps.Apply(b, m, ins);
        }

        return values[Output];
    }

    private KernelValue Load(KernelBuilder b, Leaf leaf, IReadOnlyList<KernelValue> idx, int lanes)
    {
        var buffer = _ctx.Buffer(leaf.Value);
        var terms = new List<(IndexArg, long)>();
        for (var k = 0; k < idx.Count; k++)
        {
            if (leaf.View.Strides[k] == 0)
            {
                continue;
            }

            var i = leaf.View.Divisors[k] == 1 ? idx[k] : b.Div(idx[k], leaf.View.Divisors[k]);
            terms.Add((i, leaf.View.Strides[k]));
        }

        var index = b.Affine(0, [.. terms]);
        if (lanes == 1)
        {
            return b.Load(buffer, index);
        }

        return leaf.View.Strides.Length > 0 && leaf.View.Strides[^1] == 1 ? b.VLoad(buffer, index, lanes) : b.Broadcast(b.Load(buffer, index), lanes);
    }

    /// <summary>Emits a standalone kernel computing the members over the whole result.</summary>
    public static void EmitKernel(LoweringContext ctx, string name, IReadOnlyList<LNode> members)
    {
        var em = new ElementwiseEmitter(ctx, members, null, members[^1].Output.Shape);
        em.CollapseAxes();
        var output = ctx.Buffer(em.Output);
        var b = ctx.NewKernel(name);
        var shape = em.Shape;
        if (shape.Length == 0)
        {
            b.Store(output, 0, em.Emit(b, null, [], 1));
            return;
        }

        var inner = shape[^1];
        var lanes = ctx.Lanes > 1 && em.Vectorizable && inner >= ctx.Lanes ? ctx.Lanes : 1;
        b.ForEach(shape.AsSpan(0, shape.Length - 1), outer =>
        {
            void At(KernelValue j, int l)
            {
                ImmutableArray<KernelValue> idx = [.. outer, j];
                b.Store(output, b.FlatIndex(shape, [.. idx.Select(v => (IndexArg)v)]), em.Emit(b, null, idx, l));
            }

            LoopWithTail(b, inner, lanes, At);
        }, parallel: true);
    }

    /// <summary>A loop over [0, n) in steps of <paramref name="lanes"/> and a scalar loop for the rest; each is parallel
    /// when it is outside every other loop.</summary>
    public static void LoopWithTail(KernelBuilder b, long n, int lanes, Action<KernelValue, int> body)
    {
        var main = lanes > 1 ? n / lanes * lanes : 0;
        if (main > 0)
        {
            b.For(0, main, lanes, j => body(j, lanes), parallel: b.LoopDepth == 0, name: "v");
        }

        if (main < n)
        {
            b.For(main, n, 1, j => body(j, 1), parallel: b.LoopDepth == 0, name: "t");
        }
    }

    private sealed record Leaf(LValue Value, LeafView View);
}
