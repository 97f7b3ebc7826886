using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Compression.Tests;

/// <summary>Small graph IR modules built in code, with deterministic pseudo-random weights.</summary>
internal static class TestGraphs
{
    public static OpSchema Schema(string opType) =>
        OpRegistry.Default.TryGetOnnx(string.Empty, opType, out var s) ? s : throw new InvalidOperationException(opType);

    /// <summary>Values in [-1, 1) from a fixed-seed generator.</summary>
    public static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var result = new float[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return result;
    }

    public static Value Constant(GraphModule module, string name, long[] dims, float[] values) =>
        ConstantOp.Create(module, module.Main, module.Constants.Add(name, TensorData.Create<float>(dims, values))).Result;

    /// <summary>x [n, c, h, w] → Conv(weight [m, c/group, kh, kw], optional bias) → output.</summary>
    public static (GraphModule Module, Op Conv) Conv(int m, int c, int kh, int kw, int group = 1, bool bias = false,
        int stride = 1, int pad = 0, int dilation = 1, int n = 2, int h = 6, int w = 6, int seed = 1)
    {
        var module = new GraphModule("conv");
        var x = module.Main.AddParameter("x", new TensorType(ElementType.F32, n, c, h, w));
        var weight = Constant(module, "w", [m, c / group, kh, kw], Random(m * (c / group) * kh * kw, seed));
        var b = bias ? Constant(module, "b", [m], Random(m, seed + 1)) : null;
        var attrs = AttributeMap.Empty
            .With("group", new IntAttr(group))
            .With("kernel_shape", new IntsAttr([kh, kw]))
            .With("strides", new IntsAttr([stride, stride]))
            .With("dilations", new IntsAttr([dilation, dilation]))
            .With("pads", new IntsAttr([pad, pad, pad, pad]))
            .With("auto_pad", new StringAttr("NOTSET"));
        var conv = module.AddOp(module.Main, Schema("Conv"), b is null ? [x, weight] : [x, weight, b], attrs, ["y"], nodeName: "conv");
        module.Main.SetOutputs([conv.Result]);
        Infer(module);
        return (module, conv);
    }

    /// <summary>a [n, k] → Gemm(weight [n_out, k] with transB = 1, or [k, n_out]) → output.</summary>
    public static (GraphModule Module, Op Gemm) Gemm(int nOut, int k, bool transB, bool bias = true, int n = 3, int seed = 2)
    {
        var module = new GraphModule("gemm");
        var a = module.Main.AddParameter("a", new TensorType(ElementType.F32, n, k));
        var weight = Constant(module, "w", transB ? [nOut, k] : [k, nOut], Random(nOut * k, seed));
        var c = bias ? Constant(module, "c", [nOut], Random(nOut, seed + 1)) : null;
        var attrs = AttributeMap.Empty.With("alpha", new FloatAttr(1f)).With("beta", new FloatAttr(1f))
            .With("transA", new IntAttr(0)).With("transB", new IntAttr(transB ? 1 : 0));
        var gemm = module.AddOp(module.Main, Schema("Gemm"), c is null ? [a, weight] : [a, weight, c], attrs, ["y"], nodeName: "gemm");
        module.Main.SetOutputs([gemm.Result]);
        Infer(module);
        return (module, gemm);
    }

    /// <summary>a [n, k] → MatMul(weight [k, n_out]) → output.</summary>
    public static (GraphModule Module, Op MatMul) MatMul(int nOut, int k, int n = 3, int seed = 3)
    {
        var module = new GraphModule("matmul");
        var a = module.Main.AddParameter("a", new TensorType(ElementType.F32, n, k));
        var weight = Constant(module, "w", [k, nOut], Random(nOut * k, seed));
        var mm = module.AddOp(module.Main, Schema("MatMul"), [a, weight], AttributeMap.Empty, ["y"], nodeName: "matmul");
        module.Main.SetOutputs([mm.Result]);
        Infer(module);
        return (module, mm);
    }

    public static void Infer(GraphModule module)
    {
        var bag = new DiagnosticBag();
        TypeInference.Run(module, bag);
        GraphVerifier.Verify(module, bag, requireTypes: true);
        bag.HasErrors.ShouldBeFalse(DiagnosticFormatter.Format(bag));
    }

    public static WeightLayer Layer(Op op)
    {
        var bag = new DiagnosticBag();
        WeightLayer.TryCreate(op, bag, out var layer).ShouldBeTrue(DiagnosticFormatter.Format(bag));
        return layer!;
    }

    /// <summary>Σ_v ‖ΔW x_v‖² over row vectors x_v of <paramref name="x"/> [count, cols].</summary>
    public static double OutputError(float[] w, float[] wq, int rows, int cols, float[] x, int count)
    {
        var sum = 0.0;
        for (var v = 0; v < count; v++)
        {
            for (var r = 0; r < rows; r++)
            {
                var d = 0.0;
                for (var j = 0; j < cols; j++)
                {
                    d += ((double)wq[(r * cols) + j] - w[(r * cols) + j]) * x[(v * cols) + j];
                }

                sum += d * d;
            }
        }

        return sum;
    }

    /// <summary>Σ_r ΔW_r H ΔW_rᵀ·n/2 = Σ_v ‖ΔW x_v‖² for H = 2/n Σ x xᵀ.</summary>
    public static double OutputError(float[] w, float[] wq, int rows, int cols, double[] h, long n)
    {
        var sum = 0.0;
        var d = new double[cols];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < cols; j++)
            {
                d[j] = (double)wq[(r * cols) + j] - w[(r * cols) + j];
            }

            for (var i = 0; i < cols; i++)
            {
                if (d[i] == 0)
                {
                    continue;
                }

                var s = 0.0;
                for (var j = 0; j < cols; j++)
                {
                    s += h[(i * cols) + j] * d[j];
                }

                sum += d[i] * s;
            }
        }

        return sum * n / 2;
    }
}
