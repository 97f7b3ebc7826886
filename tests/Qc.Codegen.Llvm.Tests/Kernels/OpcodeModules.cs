using System.Globalization;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>One kernel module per opcode: a kernel per (element type, lanes) variant applying the op to seeded inputs,
/// vector lanes in a parallel main loop and the remainder in a scalar tail loop (37 elements, so tails are exercised).</summary>
internal static class OpcodeModules
{
    public const int N = 37;

    public static readonly ScalarKind[] Floats = [ScalarKind.F32, ScalarKind.F64, ScalarKind.F16, ScalarKind.BF16];
    public static readonly ScalarKind[] Ints = [ScalarKind.I8, ScalarKind.I16, ScalarKind.I32, ScalarKind.I64, ScalarKind.U8, ScalarKind.U16, ScalarKind.U32];
    public static readonly ScalarKind[] All = [.. Floats, .. Ints, ScalarKind.I1];
    public static readonly int[] Lanes = [1, 4, 8, 16];

    /// <summary>Math ops compared within a few ulp instead of bit for bit.</summary>
    public static bool IsApproximate(Opcode op) => op is Opcode.Exp or Opcode.Log or Opcode.Tanh or Opcode.Erf or Opcode.Pow;

    /// <summary>Builds the module for <paramref name="op"/>; throws for an opcode without cases (so a new opcode fails).</summary>
    public static KernelModule Build(Opcode op)
    {
        var m = new KernelModule("op_" + OpcodeInfo.Of(op).Mnemonic);
        var info = OpcodeInfo.Of(op);
        switch (op)
        {
            case Opcode.Const:
                foreach (var k in All)
                {
                    foreach (var lanes in Lanes)
                    {
                        Elementwise(m, k, lanes, 0, k, (b, _, t) => t.IsFloat ? b.Const(t, -2.75) : b.Const(t, 0x5A5A5A5A5A5A5A5AL));
                    }
                }

                break;
            case Opcode.Load or Opcode.VLoad:
                foreach (var k in All)
                {
                    foreach (var lanes in op == Opcode.Load ? [1] : Lanes[1..])
                    {
                        Elementwise(m, k, lanes, 1, k, (_, x, _) => x[0]);
                    }
                }

                break;
            case Opcode.VLoadStrided:
                foreach (var k in All)
                {
                    foreach (var lanes in Lanes[1..])
                    {
                        foreach (var stride in new[] { 2, 3, 5 })
                        {
                            Strided(m, k, lanes, stride);
                        }
                    }
                }

                break;
            case Opcode.Select:
                foreach (var k in All)
                {
                    foreach (var lanes in Lanes)
                    {
                        Elementwise(m, k, lanes, 3, k, (b, x, _) => b.Select(k == ScalarKind.I1 ? x[0] : b.Lt(x[0], x[1]), x[1], x[2]));
                    }
                }

                break;
            case Opcode.Cast or Opcode.CastSat:
                foreach (var from in All)
                {
                    foreach (var to in All.Where(t => op == Opcode.Cast || (t != ScalarKind.I1 && !KernelType.Of(t).IsFloat)))
                    {
                        if (op == Opcode.CastSat && from == ScalarKind.I1)
                        {
                            continue;
                        }

                        foreach (var lanes in (int[])[1, 8])
                        {
                            Elementwise(m, from, lanes, 1, to, (b, x, _) => op == Opcode.Cast ? b.Cast(x[0], to) : b.CastSat(x[0], to));
                        }
                    }
                }

                break;
            case Opcode.Broadcast:
                foreach (var k in All)
                {
                    foreach (var lanes in Lanes[1..])
                    {
                        Broadcast(m, k, lanes);
                    }
                }

                break;
            case Opcode.ReduceAdd or Opcode.ReduceMax or Opcode.ReduceMin:
                foreach (var k in Floats.Concat(Ints))
                {
                    foreach (var lanes in Lanes[1..])
                    {
                        Reduce(m, op, k, lanes);
                    }
                }

                break;
            case Opcode.MulWide:
                foreach (var (from, to) in (ReadOnlySpan<(ScalarKind, ScalarKind)>)[(ScalarKind.I8, ScalarKind.I16), (ScalarKind.I8, ScalarKind.I32),
                    (ScalarKind.U8, ScalarKind.U16), (ScalarKind.I16, ScalarKind.I32), (ScalarKind.U16, ScalarKind.U32), (ScalarKind.I32, ScalarKind.I64)])
                {
                    foreach (var lanes in Lanes)
                    {
                        Elementwise(m, from, lanes, 2, to, (b, x, _) => b.MulWide(x[0], x[1], to));
                    }
                }

                break;
            default:
                if (info.Shape is not (OpShape.SameType or OpShape.Compare))
                {
                    throw new InvalidOperationException($"no test cases for opcode {op}");
                }

                var kinds = All.Where(k => Accepts(info.Domain, k));
                foreach (var k in kinds)
                {
                    foreach (var lanes in Lanes)
                    {
                        var result = info.Shape == OpShape.Compare ? ScalarKind.I1 : k;
                        Elementwise(m, k, lanes, info.Arity, result, (b, x, t) => info.Shape == OpShape.Compare
                            ? b.Cmp(op, x[0], x[1])
                            : b.Op(op, t, [.. x]));
                    }
                }

                break;
        }

        return m;
    }

    private static bool Accepts(OpDomain d, ScalarKind k)
    {
        var t = KernelType.Of(k);
        return (t.IsFloat && d.HasFlag(OpDomain.Float)) || (t.IsInteger && d.HasFlag(OpDomain.Integer)) || (t.IsBool && d.HasFlag(OpDomain.Bool));
    }

    private static string Name(ScalarKind k, int lanes, ScalarKind? to = null) =>
        KernelType.NameOf(k) + (to is { } t ? "_" + KernelType.NameOf(t) : "") + "_x" + lanes.ToString(CultureInfo.InvariantCulture);

    /// <summary>out[i] = f(a[i], b[i], c[i]) over N elements: a parallel vector loop and a scalar tail.</summary>
    private static void Elementwise(KernelModule m, ScalarKind k, int lanes, int arity, ScalarKind result,
        Func<KernelBuilder, KernelValue[], KernelType, KernelValue> f)
    {
        var name = Name(k, lanes, result == k ? null : result);
        var inputs = Enumerable.Range(0, arity).Select(i => m.AddInput($"{name}_{(char)('a' + i)}", KernelType.ToElementType(k), [N])).ToArray();
        var output = m.AddOutput($"{name}_out", KernelType.ToElementType(result), [N]);
        var b = new KernelBuilder(m.AddKernel(name, [.. inputs, output]));
        var main = N - (N % lanes);
        void Body(KernelValue i, int width)
        {
            var xs = inputs.Select(buf => width == 1 ? b.Load(buf, i) : b.VLoad(buf, i, width)).ToArray();
            b.Store(output, i, f(b, xs, KernelType.Of(result).WithLanes(width)));
        }

        b.For(0, main, lanes, i => Body(i, lanes), parallel: true);
        if (main < N)
        {
            b.For(main, N, 1, i => Body(i, 1));
        }
    }

    /// <summary>out[i·lanes + k] = a[i + k·stride] for i in [0, N), the input just long enough that the last load ends at
    /// its last element (so a load that read past the elements it needs would read outside the input).</summary>
    private static void Strided(KernelModule m, ScalarKind k, int lanes, int stride)
    {
        var name = Name(k, lanes) + "_s" + stride;
        var span = ((lanes - 1) * stride) + 1;
        var a = m.AddInput(name + "_a", KernelType.ToElementType(k), [N - 1 + span]);
        var output = m.AddOutput(name + "_out", KernelType.ToElementType(k), [N * lanes]);
        var b = new KernelBuilder(m.AddKernel(name, a, output));
        b.For(0, N, 1, i => b.Store(output, b.Mul(i, lanes), b.VLoad(a, i, lanes, stride)), parallel: true);
    }

    private static void Broadcast(KernelModule m, ScalarKind k, int lanes)
    {
        var name = Name(k, lanes);
        var a = m.AddInput(name + "_a", KernelType.ToElementType(k), [N]);
        var output = m.AddOutput(name + "_out", KernelType.ToElementType(k), [N * lanes]);
        var b = new KernelBuilder(m.AddKernel(name, a, output));
        b.For(0, N, 1, i => b.Store(output, b.Mul(i, lanes), b.Broadcast(b.Load(a, i), lanes)), parallel: true);
    }

    private static void Reduce(KernelModule m, Opcode op, ScalarKind k, int lanes)
    {
        var name = Name(k, lanes);
        var a = m.AddInput(name + "_a", KernelType.ToElementType(k), [N * lanes]);
        var output = m.AddOutput(name + "_out", KernelType.ToElementType(k), [N]);
        var b = new KernelBuilder(m.AddKernel(name, a, output));
        b.For(0, N, 1, i => b.Store(output, i, b.Op(op, KernelType.Of(k), b.VLoad(a, b.Mul(i, lanes), lanes))), parallel: true);
    }
}
