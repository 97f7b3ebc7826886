using Qc.Core.Tensors;

namespace Qc.Ir.Kernel.Tests;

/// <summary>For every opcode, a small valid module that uses it (and stores its result).</summary>
internal static class OpSamples
{
    public static KernelModule Build(Opcode opcode)
    {
        var m = new KernelModule("op_" + OpcodeInfo.Of(opcode).Mnemonic);
        var xf = m.AddInput("xf", ElementType.F32, [64]);
        var xi = m.AddInput("xi", ElementType.I32, [64]);
        var xb = m.AddInput("xb", ElementType.I8, [64]);
        var w = m.AddWeight("w", TensorData.Create<float>([2, 2], [0.5f, -1.25f, 3f, float.NegativeInfinity]));
        var b = new KernelBuilder(m.AddKernel("k", xf, xi, xb, w));
        var vf = KernelType.Vector(ScalarKind.F32, 8);
        var results = new List<KernelValue>();
        b.For(0, 8, 1, i =>
        {
            var f = b.Load(xf, i);
            var g = b.Load(w, b.Rem(i, 4));
            var n = b.Load(xi, i);
            var c = b.Load(xb, i);
            KernelValue r = opcode switch
            {
                Opcode.Const => b.Const(KernelType.F64, -1.5e-300),
                Opcode.Fma => b.Fma(f, g, f),
                Opcode.Select => b.Select(b.Lt(f, g), f, g),
                Opcode.Cast => b.Cast(n, ScalarKind.BF16),
                Opcode.CastSat => b.CastSat(f, ScalarKind.U8),
                Opcode.Load => b.Load(xi, i),
                Opcode.VLoad => b.VLoad(xf, 0, 8),
                Opcode.VLoadStrided => b.VLoad(xf, i, 8, 3),
                Opcode.Broadcast => b.Broadcast(f, 8),
                Opcode.ReduceAdd or Opcode.ReduceMax or Opcode.ReduceMin => b.Op(opcode, KernelType.F32, b.VLoad(xf, 8, 8)),
                Opcode.MulWide => b.MulWide(c, c, ScalarKind.I16),
                Opcode.And or Opcode.Or or Opcode.Xor or Opcode.Shl or Opcode.Shr or Opcode.AShr => b.Op(opcode, KernelType.I32, n, b.I32(3)),
                >= Opcode.CmpEq and <= Opcode.CmpGe => b.Cmp(opcode, n, b.I32(-7)),
                Opcode.Neg or Opcode.Abs => b.Op(opcode, KernelType.I32, n),
                Opcode.Add or Opcode.Sub or Opcode.Mul or Opcode.Div or Opcode.Rem or Opcode.Min or Opcode.Max or Opcode.Pow
                    => b.Op(opcode, KernelType.F32, f, g),
                _ => b.Op(opcode, KernelType.F32, f),
            };
            results.Add(r);
            _ = vf;
        });
        return m;
    }

    /// <summary>A module using every statement form: nested loops with all attributes, iter_args, if/else with and without
    /// results, stores of scalars and vectors, dynamic bounds, quoted names, every buffer kind.</summary>
    public static KernelModule Statements()
    {
        var m = new KernelModule("all statements");
        var x = m.AddInput("x/in", ElementType.F32, [4, 16]);
        var n = m.AddInput("n", ElementType.I64, []);
        var w = m.AddWeight("w", TensorData.Create<Half>([3], [(Half)0.5, (Half)(-2), Half.MaxValue]));
        var t = m.AddTemp("t", ElementType.BF16, [16]);
        var y = m.AddOutput("y", ElementType.F32, [4, 16]);
        var flags = m.AddOutput("flags", ElementType.Bool, [4]);
        var b = new KernelBuilder(m.AddKernel("main", x, n, w, t, y, flags));
        var count = b.Load(n, 0);
        b.For(0, 4, 1, r =>
        {
            var sums = b.For(0, 16, 8, [b.F32(0f), b.Const(KernelType.Vector(ScalarKind.F32, 8), 1.0)], (c, acc) =>
            {
                var v = b.VLoad(x, b.FlatIndex(x, r, c), 8);
                b.Store(y, b.FlatIndex(y, r, c), v);
                return [b.Add(acc[0], b.ReduceAdd(v)), b.Mul(acc[1], v)];
            }, unroll: 2, vectorize: 8, name: "c");
            var big = b.Gt(sums[0], b.F32(1f));
            b.Store(flags, r, big);
            b.If(big, () => b.Store(t, r, b.Cast(sums[0], ScalarKind.BF16)));
            var wv = b.If(b.Lt(r, count), () => b.Cast(b.Load(w, b.Rem(r, 3)), ScalarKind.F32), () => b.ReduceMax(sums[1]));
            b.For(r, count, 2, j => b.Store(y, j, wv), name: "j");
        }, parallel: true, name: "r");
        return m;
    }
}
