using Qc.Core.Tensors;
using Shouldly;

namespace Qc.Ir.Kernel.Tests;

/// <summary>One op on one lane, checked against the documented semantics.</summary>
public sealed class ScalarSemanticsTests
{
    /// <summary>Runs <paramref name="build"/> on constants and returns the stored result as a double.</summary>
    private static double Eval(KernelType resultType, Func<KernelBuilder, KernelValue> build)
    {
        var m = new KernelModule();
        var y = m.AddOutput("y", KernelType.ToElementType(resultType.Scalar), [1]);
        var b = new KernelBuilder(m.AddKernel("k", y));
        b.Store(y, 0, build(b));
        var r = KernelInterpreter.Run(m, new Dictionary<string, TensorData>());
        r.Diagnostics.ShouldBeEmpty();
        var o = r.Outputs["y"];
        return resultType.IsFloat ? o.ToDoubleArray()[0] : o.ToInt64Array()[0];
    }

    [Theory]
    [InlineData(2.5, 2)]
    [InlineData(3.5, 4)]
    [InlineData(-2.5, -2)]
    [InlineData(-0.5, 0)]
    [InlineData(300.0, 127)]
    [InlineData(-1e9, -128)]
    [InlineData(double.NaN, 0)]
    public void CastSat_FloatToI8_RoundsHalfEvenAndSaturates(double v, long expected) =>
        Eval(KernelType.I8, b => b.CastSat(b.Const(KernelType.F32, v), ScalarKind.I8)).ShouldBe(expected);

    [Theory]
    [InlineData(2.7, 2)]
    [InlineData(-2.7, -2)]
    [InlineData(1e10, int.MaxValue)]
    [InlineData(double.NaN, 0)]
    public void Cast_FloatToI32_TruncatesAndSaturates(double v, long expected) =>
        Eval(KernelType.I32, b => b.Cast(b.Const(KernelType.F32, v), ScalarKind.I32)).ShouldBe(expected);

    [Theory]
    [InlineData(300, ScalarKind.U8, 44)]
    [InlineData(-1, ScalarKind.U8, 255)]
    [InlineData(200, ScalarKind.I8, -56)]
    [InlineData(-1, ScalarKind.U32, 4294967295)]
    public void Cast_IntToInt_Wraps(long v, ScalarKind to, long expected) =>
        Eval(KernelType.Of(to), b => b.Cast(b.Const(KernelType.I32, v), to)).ShouldBe(expected);

    [Theory]
    [InlineData(300, ScalarKind.U8, 255)]
    [InlineData(-5, ScalarKind.U8, 0)]
    [InlineData(-300, ScalarKind.I8, -128)]
    public void CastSat_IntToInt_Clamps(long v, ScalarKind to, long expected) =>
        Eval(KernelType.Of(to), b => b.CastSat(b.Const(KernelType.I32, v), to)).ShouldBe(expected);

    [Fact]
    public void IntegerArithmetic_Wraps()
    {
        Eval(KernelType.I8, b => b.Add(b.Const(KernelType.I8, 127), b.Const(KernelType.I8, 1))).ShouldBe(-128);
        Eval(KernelType.U8, b => b.Sub(b.Const(KernelType.U8, 0), b.Const(KernelType.U8, 1))).ShouldBe(255);
        Eval(KernelType.I32, b => b.Mul(b.I32(int.MaxValue), b.I32(2))).ShouldBe(-2);
        Eval(KernelType.I32, b => b.Div(b.I32(int.MinValue), b.I32(-1))).ShouldBe(int.MinValue);
        Eval(KernelType.I64, b => b.Div(b.Index(long.MinValue), b.Index(-1))).ShouldBe(long.MinValue);
        Eval(KernelType.I32, b => b.Div(b.I32(-7), b.I32(2))).ShouldBe(-3);
        Eval(KernelType.I32, b => b.Rem(b.I32(-7), b.I32(2))).ShouldBe(-1);
        Eval(KernelType.U32, b => b.Div(b.Const(KernelType.U32, uint.MaxValue), b.Const(KernelType.U32, 2))).ShouldBe(int.MaxValue);
        Eval(KernelType.I32, b => b.Neg(b.I32(int.MinValue))).ShouldBe(int.MinValue);
        Eval(KernelType.I32, b => b.Abs(b.I32(-5))).ShouldBe(5);
    }

    [Fact]
    public void Shifts_UseTheTypesWidth()
    {
        Eval(KernelType.I8, b => b.Shr(b.Const(KernelType.I8, -128), b.Const(KernelType.I8, 1))).ShouldBe(64);
        Eval(KernelType.I8, b => b.AShr(b.Const(KernelType.I8, -128), b.Const(KernelType.I8, 1))).ShouldBe(-64);
        Eval(KernelType.U8, b => b.AShr(b.Const(KernelType.U8, 128), b.Const(KernelType.U8, 1))).ShouldBe(192);
        Eval(KernelType.I32, b => b.Shl(b.I32(1), b.I32(33))).ShouldBe(2);
        Eval(KernelType.I32, b => b.And(b.I32(12), b.I32(10))).ShouldBe(8);
        Eval(KernelType.I32, b => b.Or(b.I32(12), b.I32(10))).ShouldBe(14);
        Eval(KernelType.I32, b => b.Xor(b.I32(12), b.I32(10))).ShouldBe(6);
    }

    [Fact]
    public void FloatArithmetic_IsSinglePrecisionForF32()
    {
        // 16777216 + 1 is not representable in f32.
        Eval(KernelType.F32, b => b.Add(b.F32(16777216f), b.F32(1f))).ShouldBe(16777216.0);
        Eval(KernelType.F64, b => b.Add(b.Const(KernelType.F64, 16777216.0), b.Const(KernelType.F64, 1.0))).ShouldBe(16777217.0);
        Eval(KernelType.F32, b => b.Div(b.F32(1f), b.F32(3f))).ShouldBe((double)(1f / 3f));
        Eval(KernelType.F16, b => b.Add(b.Const(KernelType.F16, 2048.0), b.Const(KernelType.F16, 1.0))).ShouldBe(2048.0);
        Eval(KernelType.BF16, b => b.Add(b.Const(KernelType.BF16, 256.0), b.Const(KernelType.BF16, 1.0))).ShouldBe(256.0);
    }

    [Fact]
    public void MinMax_PropagateNaN_AndOrderSignedZeros()
    {
        double.IsNaN(Eval(KernelType.F32, b => b.Max(b.F32(float.NaN), b.F32(1f)))).ShouldBeTrue();
        double.IsNaN(Eval(KernelType.F32, b => b.Min(b.F32(1f), b.F32(float.NaN)))).ShouldBeTrue();
        double.IsNegative(Eval(KernelType.F32, b => b.Min(b.F32(0f), b.F32(-0f)))).ShouldBeTrue();
        double.IsPositive(Eval(KernelType.F32, b => b.Max(b.F32(-0f), b.F32(0f)))).ShouldBeTrue();
    }

    [Fact]
    public void Comparisons_AreOrderedExceptNe()
    {
        Eval(KernelType.I1, b => b.Lt(b.F32(float.NaN), b.F32(1f))).ShouldBe(0);
        Eval(KernelType.I1, b => b.Eq(b.F32(float.NaN), b.F32(float.NaN))).ShouldBe(0);
        Eval(KernelType.I1, b => b.Ne(b.F32(float.NaN), b.F32(float.NaN))).ShouldBe(1);
        Eval(KernelType.I1, b => b.Lt(b.Const(KernelType.U32, uint.MaxValue), b.Const(KernelType.U32, 1))).ShouldBe(0);
        Eval(KernelType.I1, b => b.Lt(b.I32(-1), b.I32(1))).ShouldBe(1);
    }

    [Theory]
    [InlineData(Opcode.Exp, 0.5)]
    [InlineData(Opcode.Log, 0.5)]
    [InlineData(Opcode.Sqrt, 2.0)]
    [InlineData(Opcode.Rsqrt, 2.0)]
    [InlineData(Opcode.Tanh, 0.7)]
    [InlineData(Opcode.Floor, -1.5)]
    [InlineData(Opcode.Ceil, -1.5)]
    [InlineData(Opcode.RoundEven, 2.5)]
    [InlineData(Opcode.RoundEven, -3.5)]
    [InlineData(Opcode.Abs, -3.0)]
    [InlineData(Opcode.Neg, 3.0)]
    public void MathF32_MatchesMathF(Opcode op, double x)
    {
        var f = (float)x;
        float expected = op switch
        {
            Opcode.Exp => MathF.Exp(f),
            Opcode.Log => MathF.Log(f),
            Opcode.Sqrt => MathF.Sqrt(f),
            Opcode.Rsqrt => 1f / MathF.Sqrt(f),
            Opcode.Tanh => MathF.Tanh(f),
            Opcode.Floor => MathF.Floor(f),
            Opcode.Ceil => MathF.Ceiling(f),
            Opcode.RoundEven => MathF.Round(f),
            Opcode.Abs => MathF.Abs(f),
            _ => -f,
        };
        Eval(KernelType.F32, b => b.Op(op, KernelType.F32, b.F32(f))).ShouldBe((double)expected);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.52049987781304654)]
    [InlineData(1.0, 0.84270079294971487)]
    [InlineData(-2.0, -0.99532226501895273)]
    [InlineData(3.0, 0.99997790950300136)]
    [InlineData(5.0, 0.99999999999846256)]
    public void Erf_IsAccurate(double x, double expected)
    {
        Numerics.Erf(x).ShouldBe(expected, 1e-15);
        Eval(KernelType.F32, b => b.Erf(b.F32((float)x))).ShouldBe((double)(float)expected);
    }

    [Fact]
    public void PowFmaSelectMulWide()
    {
        Eval(KernelType.F32, b => b.Pow(b.F32(2f), b.F32(10f))).ShouldBe(1024.0);
        Eval(KernelType.F32, b => b.Fma(b.F32(0.1f), b.F32(10f), b.F32(-1f))).ShouldBe((double)MathF.FusedMultiplyAdd(0.1f, 10f, -1f));
        Eval(KernelType.F32, b => b.Select(b.Bool(true), b.F32(1f), b.F32(2f))).ShouldBe(1.0);
        Eval(KernelType.I32, b => b.MulWide(b.Const(KernelType.I8, -128), b.Const(KernelType.I8, -128), ScalarKind.I32)).ShouldBe(16384);
        Eval(KernelType.U16, b => b.MulWide(b.Const(KernelType.U8, 255), b.Const(KernelType.U8, 255), ScalarKind.U16)).ShouldBe(65025);
        Eval(KernelType.F32, b => b.Sigmoid(b.F32(0f))).ShouldBe(0.5);
    }

    [Fact]
    public void VectorOps_WorkPerLane()
    {
        var v4 = KernelType.Vector(ScalarKind.F32, 4);
        var m = new KernelModule();
        var x = m.AddInput("x", ElementType.F32, [4]);
        var y = m.AddOutput("y", ElementType.F32, [8]);
        var s = m.AddOutput("s", ElementType.F32, [3]);
        var mask = m.AddOutput("mask", ElementType.Bool, [4]);
        var b = new KernelBuilder(m.AddKernel("vec", x, y, s, mask));
        var v = b.VLoad(x, 0, 4);
        var two = b.Broadcast(b.F32(2f), 4);
        var gt = b.Gt(v, two);
        b.Store(y, 0, b.Select(gt, v, b.Mul(v, two)));
        b.Store(y, 4, b.Cast(b.CastSat(v, ScalarKind.I32), ScalarKind.F32));
        b.Store(s, 0, b.ReduceAdd(v));
        b.Store(s, 1, b.ReduceMax(v));
        b.Store(s, 2, b.ReduceMin(v));
        b.Store(mask, 0, gt);
        _ = v4;
        var r = KernelInterpreter.Run(m, new Dictionary<string, TensorData> { ["x"] = TensorData.Create<float>([4], [1f, 2.5f, 3.5f, -4f]) });
        r.Diagnostics.ShouldBeEmpty();
        r.Outputs["y"].ToArray<float>().ShouldBe([2f, 2.5f, 3.5f, -8f, 1f, 2f, 4f, -4f]);
        r.Outputs["s"].ToArray<float>().ShouldBe([3f, 3.5f, -4f]);
        r.Outputs["mask"].ToInt64Array().ShouldBe([0L, 1L, 1L, 0L]);
    }

    [Fact]
    public void TypedBuffers_RoundTripThroughTheInterpreter()
    {
        foreach (var et in new[] { ElementType.F16, ElementType.BF16, ElementType.F64, ElementType.I8, ElementType.U8, ElementType.I16, ElementType.U16, ElementType.I32, ElementType.U32, ElementType.I64, ElementType.Bool })
        {
            var m = new KernelModule();
            var x = m.AddInput("x", et, [3]);
            var y = m.AddOutput("y", et, [3]);
            var b = new KernelBuilder(m.AddKernel("copy", x, y));
            b.For(0, 3, 1, i => b.Store(y, i, b.Load(x, i)));
            var bytes = new byte[et.ByteCount(3)];
            new Random(1).NextBytes(bytes);
            if (et == ElementType.Bool)
            {
                bytes = [0, 1, 1];
            }
            else if (et is ElementType.F16 or ElementType.BF16 or ElementType.F64)
            {
                var values = new[] { 1.5, -2.25, 1024.0 };
                bytes = et switch
                {
                    ElementType.F16 => [.. values.SelectMany(v => BitConverter.GetBytes((Half)v))],
                    ElementType.BF16 => [.. values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits((float)v) >> 16)))],
                    _ => [.. values.SelectMany(BitConverter.GetBytes)],
                };
            }

            var input = TensorData.FromBytes(et, [3], bytes);
            var r = KernelInterpreter.Run(m, new Dictionary<string, TensorData> { ["x"] = input });
            r.Diagnostics.ShouldBeEmpty();
            r.Outputs["y"].Data.ToArray().ShouldBe(bytes, et.Name());
        }
    }
}
