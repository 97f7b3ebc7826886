using System.Diagnostics;
using Qc.Core.Tensors;
using Shouldly;
using Xunit.Abstractions;

namespace Qc.Ir.Kernel.Tests;

public sealed class InterpreterTests(ITestOutputHelper output)
{
    private static float[] Random(int n, int seed, float scale = 1f)
    {
        var r = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() * 2 - 1) * scale)];
    }

    private static TensorData F32(float[] v, params long[] dims) => TensorData.Create<float>(dims.Length == 0 ? [v.Length] : dims, v);

    private static float[] Run(KernelModule m, string output, params (string Name, TensorData Data)[] inputs)
    {
        var result = KernelInterpreter.Run(m, inputs.ToDictionary(i => i.Name, i => i.Data));
        result.Diagnostics.ShouldBeEmpty(string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        return result.Outputs[output].ToArray<float>();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1000)]
    public void Axpy_MatchesReference(int n)
    {
        var x = Random(n, 1);
        var y0 = Random(n, 2);
        var y = Run(SampleKernels.Axpy(n, 2.5f), "y", ("x", F32(x)), ("y0", F32(y0)));
        for (var i = 0; i < n; i++)
        {
            y[i].ShouldBe(MathF.FusedMultiplyAdd(2.5f, x[i], y0[i]));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(513)]
    public void Dot_AccumulatesInFloatInOrder(int n)
    {
        var x = Random(n, 3);
        var w = Random(n, 4);
        var result = Run(SampleKernels.Dot(n), "out", ("x", F32(x)), ("w", F32(w)));
        var acc = 0f;
        for (var i = 0; i < n; i++)
        {
            acc = MathF.FusedMultiplyAdd(x[i], w[i], acc);
        }

        result[0].ShouldBe(acc);
    }

    [Theory]
    [InlineData(5, 16)]
    [InlineData(37, 16)]
    [InlineData(64, 8)]
    [InlineData(67, 4)]
    public void Relu_VectorLoopAndTail(int n, int lanes)
    {
        var x = Random(n, 5);
        var y = Run(SampleKernels.Relu(n, lanes), "y", ("x", F32(x)));
        y.ShouldBe([.. x.Select(v => MathF.Max(v, 0f))]);
    }

    [Theory]
    [InlineData(1, 2, 4, 4)]
    [InlineData(3, 5, 7, 9)]
    public void Conv_MatchesReference(int cin, int cout, int h, int w)
    {
        var wt = Random(cout * cin * 9, 6);
        var bias = Random(cout, 7);
        var x = Random(cin * h * w, 8);
        var m = SampleKernels.Conv(cin, cout, h, w, F32(wt, cout, cin, 3, 3), F32(bias));
        var y = Run(m, "y", ("x", F32(x, 1, cin, h, w)));
        var expected = ConvReference(x, wt, bias, cin, cout, h, w, relu: true);
        y.ShouldBe(expected);
    }

    private static float[] ConvReference(float[] x, float[] wt, float[] bias, int cin, int cout, int h, int w, bool relu)
    {
        var y = new float[cout * h * w];
        for (var co = 0; co < cout; co++)
        {
            for (var oh = 0; oh < h; oh++)
            {
                for (var ow = 0; ow < w; ow++)
                {
                    var acc = bias[co];
                    for (var ci = 0; ci < cin; ci++)
                    {
                        for (var kh = 0; kh < 3; kh++)
                        {
                            for (var kw = 0; kw < 3; kw++)
                            {
                                int ih = oh + kh - 1, iw = ow + kw - 1;
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                                {
                                    acc = MathF.FusedMultiplyAdd(x[(ci * h + ih) * w + iw], wt[((co * cin + ci) * 3 + kh) * 3 + kw], acc);
                                }
                            }
                        }
                    }

                    y[(co * h + oh) * w + ow] = relu ? MathF.Max(acc, 0f) : acc;
                }
            }
        }

        return y;
    }

    [Fact]
    public void SmallCnn_RunsInSeconds()
    {
        // 28x28 input, conv 1->4, conv 4->8, conv 8->8 (3x3, pad 1, ReLU): about 0.8 M multiply-adds, ~25 M interpreted ops.
        var m = new KernelModule("cnn");
        var x = m.AddInput("x", ElementType.F32, [1, 1, 28, 28]);
        int[] channels = [1, 4, 8, 8];
        var prev = x;
        var expected = Random(28 * 28, 9);
        var input = expected;
        for (var l = 1; l < channels.Length; l++)
        {
            var wt = Random(channels[l] * channels[l - 1] * 9, 10 + l, 0.3f);
            var bias = Random(channels[l], 20 + l);
            var wb = m.AddWeight("w" + l, F32(wt, channels[l], channels[l - 1], 3, 3));
            var bb = m.AddWeight("b" + l, F32(bias));
            var next = l == channels.Length - 1 ? m.AddOutput("y", ElementType.F32, [1, channels[l], 28, 28])
                : m.AddTemp("t" + l, ElementType.F32, [1, channels[l], 28, 28]);
            SampleKernels.AddConv(m, "conv" + l, prev, wb, bb, next, relu: true);
            expected = ConvReference(expected, wt, bias, channels[l - 1], channels[l], 28, 28, relu: true);
            prev = next;
        }

        var sw = Stopwatch.StartNew();
        var y = Run(m, "y", ("x", F32(input, 1, 1, 28, 28)));
        sw.Stop();
        output.WriteLine($"small CNN: {sw.Elapsed.TotalMilliseconds:F0} ms");
        y.ShouldBe(expected);
        sw.Elapsed.TotalSeconds.ShouldBeLessThan(20, "generous: the build machine is shared; unloaded it takes well under a second");
    }

    [Fact]
    public void OutOfBounds_IsADiagnosticNamingKernelBufferAndIndex()
    {
        var m = new KernelModule();
        var x = m.AddInput("x", ElementType.F32, [4]);
        var y = m.AddOutput("y", ElementType.F32, [4]);
        var b = new KernelBuilder(m.AddKernel("shift", x, y));
        b.For(0, 4, 1, i => b.Store(y, i, b.Load(x, b.Add(i, 1))));
        var r = KernelInterpreter.Run(m, new Dictionary<string, TensorData> { ["x"] = F32(new float[4]) });
        r.Succeeded.ShouldBeFalse();
        var d = r.Diagnostics.ShouldHaveSingleItem();
        d.Code.Number.ShouldBe(KernelDiagnosticCodes.OutOfBounds);
        d.Message.ShouldBe("kernel 'shift': kernel.load at index 4 is outside buffer 'x' of 4 elements");
    }

    [Fact]
    public void VectorStoreOutOfBounds_IsADiagnostic()
    {
        var m = SampleKernels.Relu(37, 16);
        var loop = (ForOp)m.Kernels[0].Body.Statements.OfType<ForOp>().First();
        loop.Hi = loop.Hi.DefiningOp!.Result == loop.Hi ? m.Kernels[0].Body.Statements.OfType<KernelOp>().First(o => o.Result.NameHint == "c37").Result : loop.Hi;
        var r = KernelInterpreter.Run(m, new Dictionary<string, TensorData> { ["x"] = F32(new float[37]) });
        r.Diagnostics.ShouldHaveSingleItem().Message.ShouldBe("kernel 'relu': kernel.vload of 16 lanes at index 32 is outside buffer 'x' of 37 elements");
    }

    [Fact]
    public void IntegerDivisionByZero_IsADiagnostic()
    {
        var m = new KernelModule();
        var x = m.AddInput("x", ElementType.I32, [2]);
        var y = m.AddOutput("y", ElementType.I32, [2]);
        var b = new KernelBuilder(m.AddKernel("div", x, y));
        b.For(0, 2, 1, i => b.Store(y, i, b.Div(b.I32(7), b.Load(x, i))));
        var r = KernelInterpreter.Run(m, new Dictionary<string, TensorData> { ["x"] = TensorData.Create<int>([2], [1, 0]) });
        r.Diagnostics.ShouldHaveSingleItem().Code.Number.ShouldBe(KernelDiagnosticCodes.DivisionByZero);
    }

    [Fact]
    public void BadInputs_AreDiagnostics()
    {
        var m = SampleKernels.Axpy(4);
        var r = KernelInterpreter.Run(m, new Dictionary<string, TensorData>
        {
            ["x"] = TensorData.Create<int>([4], [1, 2, 3, 4]),
            ["zz"] = F32(new float[4]),
        });
        r.Diagnostics.Select(d => d.Code.Number).ShouldAllBe(c => c == KernelDiagnosticCodes.BadInput);
        r.Diagnostics.Select(d => d.Message).ShouldBe(
        [
            "'zz' is not an input buffer of the module",
            "input 'x' is 4 x i32, the buffer holds 4 x f32",
            "input 'y0' is missing",
        ]);
    }

    [Fact]
    public void InvalidModule_ReturnsVerifierDiagnostics()
    {
        var m = new KernelModule();
        var x = m.AddInput("x", ElementType.F32, [4]);
        var b = new KernelBuilder(m.AddKernel("bad", x));
        b.Store(x, 0, b.F32(1f));
        var r = KernelInterpreter.Run(m, new Dictionary<string, TensorData> { ["x"] = F32(new float[4]) });
        r.Diagnostics.ShouldHaveSingleItem().Code.Number.ShouldBe(KernelDiagnosticCodes.ReadOnlyBuffer);
    }

    [Fact]
    public void ZeroTripLoop_YieldsInits_AndNonPositiveDynamicStepFails()
    {
        var m = new KernelModule();
        var n = m.AddInput("n", ElementType.I64, [1]);
        var y = m.AddOutput("y", ElementType.I64, [1]);
        var b = new KernelBuilder(m.AddKernel("k", n, y));
        var step = b.Load(n, 0);
        var r = b.For(0, 10, step, b.Index(42), (i, acc) => b.Add(acc, i));
        b.Store(y, 0, r);
        long Eval(long s)
        {
            var res = KernelInterpreter.Run(m, new Dictionary<string, TensorData> { ["n"] = TensorData.Create<long>([1], [s]) });
            return res.Succeeded ? res.Outputs["y"].ToArray<long>()[0] : -res.Diagnostics[0].Code.Number;
        }

        Eval(3).ShouldBe(42 + 0 + 3 + 6 + 9);
        Eval(100).ShouldBe(42);
        Eval(0).ShouldBe(-KernelDiagnosticCodes.NonPositiveStep);
    }

    [Fact]
    public void ForEach_BroadcastAddOverThreeDims_WithClamp()
    {
        // y[a, b, c] = clamp(x[a, b, c] + bias[c], -0.5, 0.5) over 2x3x5.
        long[] shape = [2, 3, 5];
        var m = new KernelModule();
        var x = m.AddInput("x", ElementType.F32, shape);
        var bias = m.AddInput("bias", ElementType.F32, [5]);
        var y = m.AddOutput("y", ElementType.F32, shape);
        var b = new KernelBuilder(m.AddKernel("add", x, bias, y));
        b.ForEach(shape, idx =>
        {
            var flat = b.FlatIndex(shape, idx[0], idx[1], idx[2]);
            var v = b.Add(b.Load(x, flat), b.Load(bias, idx[2]));
            b.Store(y, flat, b.Clamp(v, b.F32(-0.5f), b.F32(0.5f)));
        }, parallel: true);
        m.Verify().ShouldBeEmpty();
        m.Print().ShouldContain("kernel.for %i = %c0 to %c2 step %c1 parallel {");
        var xs = Random(30, 11);
        var bs = Random(5, 12);
        var result = Run(m, "y", ("x", F32(xs, shape)), ("bias", F32(bs)));
        result.ShouldBe([.. xs.Select((v, i) => Math.Clamp(v + bs[i % 5], -0.5f, 0.5f))]);
    }

    [Fact]
    public void IterArgs_AreAssignedInParallel()
    {
        // Fibonacci by swapping two carried values: (a, b) <- (b, a + b).
        var m = new KernelModule();
        var y = m.AddOutput("y", ElementType.I64, [2]);
        var b = new KernelBuilder(m.AddKernel("fib", y));
        var r = b.For(0, 10, 1, [b.Index(0), b.Index(1)], (i, acc) => [acc[1], b.Add(acc[0], acc[1])]);
        b.Store(y, 0, r[0]);
        b.Store(y, 1, r[1]);
        var res = KernelInterpreter.Run(m, new Dictionary<string, TensorData>());
        res.Outputs["y"].ToArray<long>().ShouldBe([55L, 89L]);
    }
}
