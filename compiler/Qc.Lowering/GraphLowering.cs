using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;
using Qc.Lowering.Ops;
using Qc.Lowering.Optimization;

namespace Qc.Lowering;

/// <summary>Lowers a statically shaped graph IR module to a kernel IR module and plans its memory (specs/lowering.md).</summary>
/// <remarks>
/// Steps: build the lowering graph (every shape must be static), fold constants and shape-derived values, fold
/// BatchNormalization into convolutions, remove dead ops, check that every op is supported (all problems reported
/// at once), fuse elementwise epilogues, assign buffers (graph inputs → input, graph outputs → output, constants →
/// weight, the rest → temp; reshape-like ops are views of their input's buffer), emit one kernel per op or fused group,
/// verify, and plan the arena. The graph module is not changed.
/// </remarks>
public static class GraphLowering
{
    /// <summary>Lowers <paramref name="module"/>; the result has a module and memory plan unless there are errors.</summary>
    public static LoweringResult Lower(GraphModule module, LoweringOptions options)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(options);
        if (!KernelType.IsValidLanes(options.VectorWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.VectorWidth, "the vector width must be a power of two from 1 to 64");
        }

        var bag = new DiagnosticBag();
        var path = options.SourcePath ?? module.Main.Name;
        var g = LGraph.Build(module, path, bag);
        if (g is null)
        {
            return Failed(bag, LoweringStatistics.Empty);
        }

        var folded = options.FoldConstants ? ConstantFolding.Run(g, bag) : 0;
        var bn = options.FoldBatchNorm ? BatchNormFolding.Run(g) : 0;
        var removed = DeadCodeElimination.Run(g);
        var aliases = g.Nodes.Count(n => OpLowerings.Aliases.Contains(n.OpType));
        if (!Check(g, path, bag))
        {
            return Failed(bag, new LoweringStatistics(folded, bn, 0, removed, aliases));
        }

        var fused = options.FuseEpilogues ? EpilogueFusion.Run(g) : 0;
        var stats = new LoweringStatistics(folded, bn, fused, removed, aliases);
        var kernels = new KernelModule(Clean(module.Main.Name));
        var (ctx, copies) = BindBuffers(g, kernels, options, bag);
        foreach (var node in g.Nodes)
        {
            if (!OpLowerings.Aliases.Contains(node.OpType))
            {
                OpLowerings.Find(node.OpType)!.Lower(node, ctx);
            }
        }

        foreach (var (from, to) in copies)
        {
            DataMovementLowering.Copy(ctx, "copy_" + to.Name, from, to);
        }

        ctx.Seal();
        ParallelGrain.Run(kernels, options.ParallelMinWork);
        var verify = kernels.Verify();
        foreach (var d in verify.Where(d => d.IsError))
        {
            LoweringDiagnostics.Invalid(bag, d);
        }

        if (bag.HasErrors)
        {
            return Failed(bag, stats);
        }

        return new LoweringResult(kernels, MemoryPlanner.Plan(kernels), [.. bag], stats);
    }

    private static LoweringResult Failed(DiagnosticBag bag, LoweringStatistics stats) => new(null, null, [.. bag], stats);

    /// <summary>Reports every op lowering cannot handle and every value of an unsupported element type.</summary>
    private static bool Check(LGraph g, string path, DiagnosticBag bag)
    {
        var ok = true;
        foreach (var v in g.Inputs.Concat(g.Outputs))
        {
            if (!KernelType.TryFromElementType(v.ElementType, out _))
            {
                LoweringDiagnostics.ElementType(bag, new NodeLocation(path, v.Name, v.IsGraphInput ? "input" : "output"), v.Name, v.ElementType.Name());
                ok = false;
            }
        }

        foreach (var n in g.Nodes)
        {
            if (n.Inputs.OfType<LValue>().Concat(n.Outputs).FirstOrDefault(v => !KernelType.TryFromElementType(v.ElementType, out _)) is { } bad)
            {
                LoweringDiagnostics.ElementType(bag, n.Location, bad.Name, bad.ElementType.Name());
                ok = false;
                continue;
            }

            if (OpLowerings.Aliases.Contains(n.OpType))
            {
                if (n.OpType == "Dropout" && ((n.Outputs.Count > 1 && (n.Outputs[1].IsGraphOutput || n.Outputs[1].Consumers.Count > 0))
                    || (n.Input(2) is { } training && training.Constant?.ToDoubleArray() is not [0])))
                {
                    LoweringDiagnostics.Form(bag, n.Location, n.OpType, n.Name, "training mode and the mask result are not supported");
                    ok = false;
                }

                continue;
            }

            if (OpLowerings.Find(n.OpType) is not { } lowering)
            {
                LoweringDiagnostics.Unsupported(bag, n.Location, n.OpType, n.Name);
                ok = false;
            }
            else if (lowering.Check(n) is { } why)
            {
                LoweringDiagnostics.Form(bag, n.Location, n.OpType, n.Name, why);
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>Binds graph inputs and outputs to their buffers and returns the context that allocates the rest on
    /// first use (constants → weights, results → temps, views → their source's buffer), with the copies graph outputs
    /// need (an output that is an input, a constant, or shares its storage with another output).</summary>
    private static (LoweringContext Context, List<(LValue From, LValue To)> Copies) BindBuffers(LGraph g, KernelModule m, LoweringOptions options, DiagnosticBag bag)
    {
        static LValue Root(LValue v)
        {
            while (v.Producer is { } p && OpLowerings.Aliases.Contains(p.OpType))
            {
                v = p.Inputs[0]!;
            }

            return v;
        }

        LoweringContext? ctx = null;
        ctx = new LoweringContext(m, options, bag)
        {
            Allocate = v => Root(v) is var r && r != v ? ctx!.Buffer(r)
                : r.Constant is { } data ? m.AddWeight(ctx!.UniqueBufferName(r.Name), data)
                : m.AddTemp(ctx!.UniqueBufferName(r.Name), r.ElementType, r.Shape),
        };
        foreach (var v in g.Inputs)
        {
            ctx.Bind(v, m.AddInput(ctx.UniqueBufferName(v.Name), v.ElementType, v.Shape));
        }

        var copies = new List<(LValue, LValue)>();
        foreach (var o in g.Outputs)
        {
            var r = Root(o);
            if (r.Producer is not null && !ctx.HasBuffer(r))
            {
                var buffer = m.AddOutput(ctx.UniqueBufferName(o.Name), o.ElementType, o.Shape);
                ctx.Bind(r, buffer);
                ctx.Bind(o, buffer);
            }
            else
            {
                var target = new LValue(o.Name, o.ElementType, o.Shape);
                ctx.Bind(target, m.AddOutput(ctx.UniqueBufferName(o.Name), o.ElementType, o.Shape));
                copies.Add((r, target));
            }
        }

        return (ctx, copies);
    }

    private static string Clean(string name) => string.IsNullOrEmpty(name) ? "main" : name;
}
