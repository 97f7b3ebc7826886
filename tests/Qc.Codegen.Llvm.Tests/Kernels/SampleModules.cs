using Qc.Core.Tensors;
using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>Kernel modules exercising statement forms: loop tails, iter_args, nested ifs with results, parallel loops
/// with captured values, loop hints, several kernels through a temp; plus the tiny golden kernels and a vector matmul.</summary>
internal static class SampleModules
{
    /// <summary>y = relu(x)·s + softsign-ish branch, a dot product with two iter_args, a temp and a second kernel.</summary>
    public static KernelModule Control(int n = 103)
    {
        var m = new KernelModule("control");
        var x = m.AddInput("x", ElementType.F32, [n]);
        var w = m.AddWeight("w", TensorData.Create<float>([4], [0.5f, -1.25f, 2f, 0.75f]));
        var t = m.AddTemp("t", ElementType.F32, [n]);
        var y = m.AddOutput("y", ElementType.F32, [n]);
        var stats = m.AddOutput("stats", ElementType.F32, [3]);
        var counts = m.AddOutput("counts", ElementType.I32, [1]);

        var b = new KernelBuilder(m.AddKernel("shape", x, w, t));
        var scale = b.Load(w, 1);
        var main = n - (n % 8);
        b.For(0, main, 8, i =>
        {
            var v = b.VLoad(x, i, 8);
            var pos = b.Gt(v, b.Const(KernelType.Vector(ScalarKind.F32, 8), 0.0));
            b.Store(t, i, b.Select(pos, v, b.Mul(v, b.Broadcast(scale, 8))));
        }, parallel: true);
        b.For(main, n, 1, i =>
        {
            var v = b.Load(x, i);
            var r = b.If(b.Gt(v, b.F32(0)), () => v, () => b.If(b.Lt(v, b.F32(-1)), () => b.Neg(v), () => b.Mul(v, scale)));
            b.Store(t, i, r);
        }, unroll: 2);

        var c = new KernelBuilder(m.AddKernel("finish", t, w, y, stats, counts));
        var bias = c.Load(w, 2);
        c.For(0, n, 1, i => c.Store(y, i, c.Add(c.Load(t, i), bias)), parallel: true, vectorize: 8);
        var sums = c.For(0, n, 1, [c.F32(0), c.F32(float.NegativeInfinity), c.I32(0)], (i, acc) =>
        {
            var v = c.Load(t, i);
            var big = c.Gt(v, c.F32(1));
            var count = c.If(big, () => c.Add(acc[2], 1), () => acc[2]);
            c.If(c.Eq(c.Rem(i, 10), c.Index(0)), () => c.Store(stats, 2, v));
            return [c.Fma(v, v, acc[0]), c.Max(acc[1], v), count];
        });
        c.Store(stats, 0, sums[0]);
        c.Store(stats, 1, sums[1]);
        c.Store(counts, 0, sums[2]);
        return m;
    }

    /// <summary>The axpy of specs/kernel-ir.md (parallel, one statement).</summary>
    public static KernelModule Axpy(int n = 1000)
    {
        var m = new KernelModule("axpy");
        var x = m.AddInput("x", ElementType.F32, [n]);
        var yIn = m.AddInput("y_in", ElementType.F32, [n]);
        var y = m.AddOutput("y", ElementType.F32, [n]);
        var b = new KernelBuilder(m.AddKernel("axpy", x, yIn, y));
        var a = b.F32(2f);
        b.For(0, n, 1, i => b.Store(y, i, b.Fma(a, b.Load(x, i), b.Load(yIn, i))), parallel: true);
        return m;
    }

    /// <summary>A dot product with an iter_arg (sequential, one thread on a GPU).</summary>
    public static KernelModule Dot(int n = 256)
    {
        var m = new KernelModule("dot");
        var x = m.AddInput("x", ElementType.F32, [n]);
        var o = m.AddOutput("out", ElementType.F32, [1]);
        var b = new KernelBuilder(m.AddKernel("dot", x, o));
        var sum = b.For(0, n, 1, b.F32(0), (k, acc) =>
        {
            var v = b.Load(x, k);
            return b.Fma(v, v, acc);
        });
        b.Store(o, 0, sum);
        return m;
    }

    /// <summary>GELU with erf and tanh-free sigmoid: exercises the math library in a parallel vector loop.</summary>
    public static KernelModule Gelu(int n = 64)
    {
        var m = new KernelModule("gelu");
        var x = m.AddInput("x", ElementType.F32, [n]);
        var y = m.AddOutput("y", ElementType.F32, [n]);
        var b = new KernelBuilder(m.AddKernel("gelu", x, y));
        var vt = KernelType.Vector(ScalarKind.F32, 8);
        b.For(0, n, 8, i =>
        {
            var v = b.VLoad(x, i, 8);
            var e = b.Erf(b.Mul(v, b.Const(vt, 0.7071067811865476)));
            b.Store(y, i, b.Mul(b.Mul(v, b.Const(vt, 0.5)), b.Add(e, b.Const(vt, 1.0))));
        }, parallel: true);
        return m;
    }

    /// <summary>C[m×n] = A[m×k]·B[k×n] in f32: rows in parallel, 16-lane vectors along n, an iter_arg accumulator per
    /// 16 columns; n must be a multiple of 16.</summary>
    public static KernelModule Matmul(int rows, int cols, int depth)
    {
        var m = new KernelModule("matmul");
        var a = m.AddInput("a", ElementType.F32, [rows, depth]);
        var bm = m.AddInput("b", ElementType.F32, [depth, cols]);
        var c = m.AddOutput("c", ElementType.F32, [rows, cols]);
        var b = new KernelBuilder(m.AddKernel("matmul", a, bm, c));
        var vt = KernelType.Vector(ScalarKind.F32, 16);
        b.For(0, rows, 1, i =>
        {
            b.For(0, cols, 64, j =>
            {
                var zero = b.Const(vt, 0.0);
                var acc = b.For(0, depth, 1, [zero, zero, zero, zero], (k, s) =>
                {
                    var av = b.Broadcast(b.Load(a, b.Affine(0, (i, depth), (k, 1))), 16);
                    var row = b.Affine(0, (k, cols), (j, 1));
                    return [.. Enumerable.Range(0, 4).Select(q => b.Fma(av, b.VLoad(bm, b.Add(row, q * 16), 16), s[q]))];
                });
                var outRow = b.Affine(0, (i, cols), (j, 1));
                for (var q = 0; q < 4; q++)
                {
                    b.Store(c, b.Add(outRow, q * 16), acc[q]);
                }
            });
        }, parallel: true);
        return m;
    }
}
