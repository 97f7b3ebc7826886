using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;
using Qc.Lowering.Ops;

namespace Qc.Lowering.Optimization;

/// <summary>Evaluates at compile time every op whose inputs are all constants, and the shape-derived ops (Shape, Size,
/// ConstantOfShape) whose results follow from static shapes. Regular ops are evaluated by lowering the one op into a
/// small kernel module and running it in the <see cref="KernelInterpreter"/>, so folding has exactly the run-time semantics.</summary>
internal static class ConstantFolding
{
    /// <summary>Results larger than this many elements are folded only when no larger than the inputs (no weight blow-up).</summary>
    private const long SmallResult = 1 << 16;

    /// <summary>Folds in schedule order; returns the number of ops folded (removed from the graph).</summary>
    public static int Run(LGraph g, DiagnosticBag bag)
    {
        var folded = 0;
        foreach (var node in g.Nodes.ToList())
        {
            var results = TryFold(node, bag);
            if (results is null)
            {
                continue;
            }

            for (var i = 0; i < node.Outputs.Count; i++)
            {
                node.Outputs[i].Constant = results[i];
                node.Outputs[i].Producer = null;
            }

            g.Nodes.Remove(node);
            folded++;
        }

        g.RebuildConsumers();
        return folded;
    }

    private static TensorData[]? TryFold(LNode node, DiagnosticBag bag)
    {
        switch (node.OpType)
        {
            case "Shape":
                {
                    var shape = node.Inputs[0]!.Shape;
                    var rank = shape.Length;
                    var start = Clamp(node.Attributes.GetInt("start", 0), rank);
                    var end = Clamp(node.Attributes.GetInt("end", rank), rank);
                    return [TensorData.Create<long>([Math.Max(0, end - start)], shape.AsSpan(start, Math.Max(0, end - start)))];
                }

            case "Size":
                return [TensorData.Scalar(node.Inputs[0]!.ElementCount)];
            case "ConstantOfShape" when node.Inputs[0]!.Constant is not null:
                return [Fill(node)];
        }

        var inputs = node.Inputs.OfType<LValue>().ToList();
        if (inputs.Count == 0 || inputs.Any(v => v.Constant is null) || OpLowerings.ShapeDerived.Contains(node.OpType))
        {
            return null;
        }

        var outElements = node.Outputs.Sum(o => o.ElementCount);
        if (outElements > SmallResult && outElements > inputs.Sum(v => v.ElementCount))
        {
            return null;
        }

        if (OpLowerings.Aliases.Contains(node.OpType))
        {
            var data = node.Inputs[0]!.Constant!;
            return [TensorData.FromBytes(data.ElementType, node.Output.Shape, data.Data)];
        }

        if (OpLowerings.Find(node.OpType) is not { } lowering || lowering.Check(node) is not null || !AllKernelTypes(node))
        {
            return null;
        }

        return Evaluate(node, lowering, bag);
    }

    private static TensorData[]? Evaluate(LNode node, IOpLowering lowering, DiagnosticBag bag)
    {
        var module = new KernelModule("fold");
        var ctx = new LoweringContext(module, LoweringOptions.Default with { VectorWidth = 1 }, new DiagnosticBag());
        foreach (var v in node.Inputs.OfType<LValue>().Distinct())
        {
            ctx.Bind(v, module.AddWeight(ctx.UniqueBufferName("in"), v.Constant!));
        }

        foreach (var o in node.Outputs)
        {
            ctx.Bind(o, module.AddOutput(ctx.UniqueBufferName("out"), o.ElementType, o.Shape));
        }

        lowering.Lower(node, ctx);
        ctx.Seal();
        var run = KernelInterpreter.Run(module, new Dictionary<string, TensorData>());
        if (!run.Succeeded)
        {
            LoweringDiagnostics.Folding(bag, node.Location, node.OpType, node.Name, run.Diagnostics.First(d => d.IsError).Message);
            return null;
        }

        return [.. node.Outputs.Select(o => run.Outputs[ctx.Buffer(o).Name])];
    }

    private static bool AllKernelTypes(LNode node) =>
        node.Inputs.OfType<LValue>().Concat(node.Outputs).All(v => KernelType.TryFromElementType(v.ElementType, out _));

    private static TensorData Fill(LNode node)
    {
        var shape = node.Output.Shape;
        var value = node.Attributes.TryGet("value", out var attr) && attr is Ir.Graph.TensorAttr t ? t.Value
            : TensorData.Scalar(0f);
        var size = value.ElementType.ByteCount(1);
        var count = TensorData.ElementCountOf(shape);
        var bytes = new byte[size * count];
        for (long i = 0; i < count; i++)
        {
            value.Data.Span[..(int)size].CopyTo(bytes.AsSpan((int)(i * size)));
        }

        return TensorData.FromBytes(value.ElementType, shape, bytes);
    }

    private static int Clamp(long axis, int rank)
    {
        if (axis < 0)
        {
            axis += rank;
        }

        return (int)Math.Clamp(axis, 0, rank);
    }
}
