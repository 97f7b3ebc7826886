using System.Buffers.Binary;
using System.Collections.Immutable;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>Seeded inputs for kernel modules and the comparison of two runs (bit-exact, or within n ulp).</summary>
internal static class KernelTestData
{
    public static TargetDescriptor Target(string name)
    {
        Assert.True(TargetName.TryParse(name, out var t, out var d), d?.Message);
        return t!.ToDescriptor();
    }

    /// <summary>Random contents for every input buffer: floats mix ordinary values of many magnitudes with zeros,
    /// infinities, NaN and subnormals; integers mix uniform bits with 0, ±1, MIN and MAX. With
    /// <paramref name="nonZero"/> integer inputs are never 0 (divisors).</summary>
    public static Dictionary<string, TensorData> Inputs(KernelModule module, int seed, bool nonZero = false, bool moderate = false)
    {
        var random = new Random(seed);
        var result = new Dictionary<string, TensorData>();
        foreach (var b in module.Buffers.Where(b => b.Kind == BufferKind.Input))
        {
            var kind = b.ValueType.Scalar;
            var count = (int)b.ElementCount;
            var size = Math.Max(1, b.ElementType.BitWidth() / 8);
            var bytes = new byte[count * size];
            for (var i = 0; i < count; i++)
            {
                var span = bytes.AsSpan(i * size, size);
                if (b.ValueType.IsFloat)
                {
                    var v = RandomFloat(random, moderate);
                    WriteFloat(kind, span, v);
                }
                else
                {
                    var v = RandomInt(random, kind);
                    if (nonZero && v == 0)
                    {
                        v = 1;
                    }

                    WriteInt(span, v);
                }
            }

            result[b.Name] = TensorData.FromBytes(b.ElementType, b.Shape.AsSpan(), bytes);
        }

        return result;
    }

    private static readonly double[] s_special = [0.0, -0.0, 1, -1, 0.5, -0.5, 2.5, -3.5, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e-40, -3e-42, 3e38, 65504, 1e-7, 100, -100];

    private static double RandomFloat(Random r, bool moderate)
    {
        var special = s_special[r.Next(s_special.Length)];
        return r.Next(8) == 0 && !(moderate && Math.Abs(special) is > 1e4 or (> 0 and < 1e-6))
            ? special
            : (r.Next(2) == 0 ? -1 : 1) * Math.Pow(10, (r.NextDouble() * 8) - 4) * r.NextDouble();
    }

    private static long RandomInt(Random r, ScalarKind k)
    {
        if (k == ScalarKind.I1)
        {
            return r.Next(2);
        }

        if (r.Next(6) == 0)
        {
            long[] edge = [0, 1, -1, Numerics.MinOf(k), Numerics.MaxOf(k), 2, -2];
            return Numerics.Wrap(k, edge[r.Next(edge.Length)]);
        }

        return Numerics.Wrap(k, r.NextInt64(long.MinValue, long.MaxValue));
    }

    private static void WriteFloat(ScalarKind k, Span<byte> span, double v)
    {
        switch (k)
        {
            case ScalarKind.F64: BinaryPrimitives.WriteDoubleLittleEndian(span, v); break;
            case ScalarKind.F32: BinaryPrimitives.WriteSingleLittleEndian(span, (float)v); break;
            case ScalarKind.F16: BinaryPrimitives.WriteHalfLittleEndian(span, (Half)v); break;
            default: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(BitConverter.SingleToUInt32Bits(Numerics.RoundBf16((float)v)) >> 16)); break;
        }
    }

    private static void WriteInt(Span<byte> span, long v)
    {
        Span<byte> all = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(all, v);
        all[..span.Length].CopyTo(span);
    }

    /// <summary>Asserts two sets of outputs are equal: integers and non-math floats bit for bit (any NaN equals any NaN),
    /// floats of <paramref name="ulpOutputs"/> within <paramref name="ulps"/> units in the last place of their type.</summary>
    public static void AssertEqual(IReadOnlyDictionary<string, TensorData> expected, IReadOnlyDictionary<string, TensorData> actual, Func<string, int> ulpsOf, string what)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var name in expected.Keys.Order(StringComparer.Ordinal))
        {
            var e = expected[name];
            var a = actual[name];
            var ulps = ulpsOf(name);
            var worst = MaxUlps(e, a);
            Assert.True(worst <= ulps, $"{what}: output '{name}' differs by {worst} ulp (allowed {ulps}): {FirstDifference(e, a)}");
        }
    }

    /// <summary>The largest distance in ulp between two float tensors (integers: 0 or long.MaxValue); NaN equals NaN,
    /// a NaN against a number or infinities of different sign count as long.MaxValue.</summary>
    public static long MaxUlps(TensorData e, TensorData a)
    {
        var et = e.ElementType;
        var size = Math.Max(1, et.BitWidth() / 8);
        var eb = e.Data.Span;
        var ab = a.Data.Span;
        long worst = 0;
        for (var i = 0; i < e.ElementCount; i++)
        {
            var x = eb.Slice(i * size, size);
            var y = ab.Slice(i * size, size);
            if (x.SequenceEqual(y))
            {
                continue;
            }

            if (!et.IsFloat())
            {
                return long.MaxValue;
            }

            var dx = ToDouble(et, x);
            var dy = ToDouble(et, y);
            if (double.IsNaN(dx) && double.IsNaN(dy))
            {
                continue;
            }

            if (double.IsNaN(dx) || double.IsNaN(dy) || double.IsInfinity(dx) || double.IsInfinity(dy))
            {
                return long.MaxValue;
            }

            worst = Math.Max(worst, Math.Abs(Ordinal(et, x) - Ordinal(et, y)));
        }

        return worst;
    }

    private static string FirstDifference(TensorData e, TensorData a)
    {
        var size = Math.Max(1, e.ElementType.BitWidth() / 8);
        for (var i = 0; i < e.ElementCount; i++)
        {
            var x = e.Data.Span.Slice(i * size, size);
            var y = a.Data.Span.Slice(i * size, size);
            if (!x.SequenceEqual(y))
            {
                return $"first at [{i}]: expected {Show(e.ElementType, x)}, got {Show(e.ElementType, y)}";
            }
        }

        return "none";
    }

    private static string Show(ElementType t, ReadOnlySpan<byte> v) =>
        t.IsFloat() ? $"{ToDouble(t, v):R} (0x{Convert.ToHexString(v)})" : $"0x{Convert.ToHexString(v)}";

    public static double ToDouble(ElementType t, ReadOnlySpan<byte> v) => t switch
    {
        ElementType.F64 => BinaryPrimitives.ReadDoubleLittleEndian(v),
        ElementType.F32 => BinaryPrimitives.ReadSingleLittleEndian(v),
        ElementType.F16 => (double)BinaryPrimitives.ReadHalfLittleEndian(v),
        _ => BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(v) << 16),
    };

    /// <summary>A float's bits mapped to a monotonic integer (−0 and +0 adjacent), so differences count ulps.</summary>
    private static long Ordinal(ElementType t, ReadOnlySpan<byte> v)
    {
        long bits = t switch
        {
            ElementType.F64 => BinaryPrimitives.ReadInt64LittleEndian(v),
            ElementType.F32 => BinaryPrimitives.ReadInt32LittleEndian(v),
            _ => BinaryPrimitives.ReadInt16LittleEndian(v),
        };
        var signBit = t switch { ElementType.F64 => long.MinValue, ElementType.F32 => int.MinValue, _ => short.MinValue };
        return bits < 0 ? signBit - bits : bits;
    }

    public static ImmutableDictionary<string, TensorData> Interpret(KernelModule module, IReadOnlyDictionary<string, TensorData> inputs)
    {
        var r = KernelInterpreter.Run(module, inputs);
        Assert.True(r.Succeeded, string.Join("\n", r.Diagnostics));
        return r.Outputs;
    }
}
