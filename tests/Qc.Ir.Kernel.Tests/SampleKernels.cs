using Qc.Core.Tensors;

namespace Qc.Ir.Kernel.Tests;

/// <summary>Small kernels built with <see cref="KernelBuilder"/> as lowering would: the golden files and interpreter tests use them.</summary>
internal static class SampleKernels
{
    /// <summary><c>y[i] = a * x[i] + y0[i]</c> over n elements, one parallel loop.</summary>
    public static KernelModule Axpy(int n, float a = 2.5f)
    {
        var m = new KernelModule("axpy");
        var x = m.AddInput("x", ElementType.F32, [n]);
        var y0 = m.AddInput("y0", ElementType.F32, [n]);
        var y = m.AddOutput("y", ElementType.F32, [n]);
        var b = new KernelBuilder(m.AddKernel("axpy", x, y0, y));
        var alpha = b.F32(a);
        b.For(0, n, 1, i => b.Store(y, i, b.Fma(alpha, b.Load(x, i), b.Load(y0, i))), parallel: true);
        return m;
    }

    /// <summary><c>out[0] = Σ x[i] * w[i]</c>: a register accumulation through iter_args.</summary>
    public static KernelModule Dot(int n)
    {
        var m = new KernelModule("dot");
        var x = m.AddInput("x", ElementType.F32, [n]);
        var w = m.AddInput("w", ElementType.F32, [n]);
        var o = m.AddOutput("out", ElementType.F32, [1]);
        var b = new KernelBuilder(m.AddKernel("dot", x, w, o));
        var sum = b.For(0, n, 1, b.F32(0f), (i, acc) => b.Fma(b.Load(x, i), b.Load(w, i), acc), name: "k");
        b.Store(o, 0, sum);
        return m;
    }

    /// <summary><c>y = max(x, 0)</c> with a vector loop of <paramref name="lanes"/> lanes and a scalar tail loop.</summary>
    public static KernelModule Relu(int n, int lanes = 16)
    {
        var m = new KernelModule("relu");
        var x = m.AddInput("x", ElementType.F32, [n]);
        var y = m.AddOutput("y", ElementType.F32, [n]);
        var b = new KernelBuilder(m.AddKernel("relu", x, y));
        var main = n / lanes * lanes;
        var zeros = b.Const(KernelType.Vector(ScalarKind.F32, lanes), 0.0);
        b.For(0, main, lanes, i => b.Store(y, i, b.Max(b.VLoad(x, i, lanes), zeros)), parallel: true, vectorize: lanes);
        var zero = b.F32(0f);
        b.For(main, n, 1, i => b.Store(y, i, b.Max(b.Load(x, i), zero)), name: "t");
        return m;
    }

    /// <summary>A 2-D convolution, NCHW, batch 1, 3x3 kernel, stride 1, padding 1, with bias, then ReLU.</summary>
    public static KernelModule Conv(int cin, int cout, int h, int w, TensorData weights, TensorData bias)
    {
        var m = new KernelModule("conv");
        var x = m.AddInput("x", ElementType.F32, [1, cin, h, w]);
        var wt = m.AddWeight("w", weights);
        var bs = m.AddWeight("b", bias);
        var y = m.AddOutput("y", ElementType.F32, [1, cout, h, w]);
        AddConv(m, "conv", x, wt, bs, y, relu: true);
        return m;
    }

    /// <summary>Appends a 3x3/stride 1/pad 1 convolution kernel (bias, optional ReLU) from x to y.</summary>
    public static void AddConv(KernelModule m, string name, KernelBuffer x, KernelBuffer wt, KernelBuffer bs, KernelBuffer y, bool relu)
    {
        var cin = (int)x.Shape[1];
        var h = (int)x.Shape[2];
        var w = (int)x.Shape[3];
        var cout = (int)y.Shape[1];
        var b = new KernelBuilder(m.AddKernel(name, x, wt, bs, y));
        var zero = b.F32(0f);
        b.For(0, cout, 1, co =>
        {
            b.For(0, h, 1, oh =>
            {
                b.For(0, w, 1, ow =>
                {
                    var acc = b.For(0, cin, 1, b.Load(bs, co), (ci, acc0) =>
                        b.For(0, 3, 1, acc0, (kh, acc1) =>
                        {
                            var ih = b.Add(oh, kh);
                            var rowOk = b.And(b.Ge(ih, b.Index(1)), b.Le(ih, b.Index(h)));
                            return b.For(0, 3, 1, acc1, (kw, acc2) =>
                            {
                                var iw = b.Add(ow, kw);
                                var ok = b.And(rowOk, b.And(b.Ge(iw, b.Index(1)), b.Le(iw, b.Index(w))));
                                return b.If(ok, () =>
                                {
                                    var xi = b.FlatIndex(x, 0, ci, b.Sub(ih, 1), b.Sub(iw, 1));
                                    var wi = b.FlatIndex(wt, co, ci, kh, kw);
                                    return b.Fma(b.Load(x, xi), b.Load(wt, wi), acc2);
                                }, () => acc2);
                            }, name: "kw");
                        }, name: "kh"), name: "ci");
                    b.Store(y, b.FlatIndex(y, 0, co, oh, ow), relu ? b.Max(acc, zero) : acc);
                }, name: "ow");
            }, name: "oh");
        }, parallel: true, name: "co");
    }
}
