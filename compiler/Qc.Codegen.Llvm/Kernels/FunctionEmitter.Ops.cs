using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Kernels;

/// <summary>The translation of every <see cref="Opcode"/> (specs/codegen.md, "Ops").</summary>
internal sealed partial class FunctionEmitter
{
    private LlvmValue EmitOp(KernelOp op)
    {
        var t = op.Result.Type;
        var a = op.Operands.Length > 0 ? V(op.Operands[0]) : default;
        var b = op.Operands.Length > 1 ? V(op.Operands[1]) : default;
        var ot = op.Operands.Length > 0 ? op.Operands[0].Type : t;
        var s = ModuleEmitter.Shape(t);
        return op.Opcode switch
        {
            Opcode.Const => Constant(op),
            Opcode.Add => t.IsFloat ? Round(t, L.FAdd(a, b)) : L.Add(a, b),
            Opcode.Sub => t.IsFloat ? Round(t, L.FSub(a, b)) : L.Sub(a, b),
            Opcode.Mul => t.IsFloat ? Round(t, L.FMul(a, b)) : L.Mul(a, b),
            Opcode.Div => t.IsFloat ? Round(t, L.FDiv(a, b)) : IntDivide(t, a, b, remainder: false),
            Opcode.Rem => t.IsFloat ? Round(t, M.Rem(s, a, b)) : IntDivide(t, a, b, remainder: true),
            Opcode.Neg => t.IsFloat ? L.FNeg(a) : L.Sub(Splat(t, 0), a),
            Opcode.Abs => t.IsFloat ? M.Abs(s, a) : t.IsSigned ? Call("abs", t, [a, L.ConstInt(L.I1, 0)], [_m.Reg(t), L.I1]) : a,
            Opcode.Min => MinMax(t, a, b, max: false),
            Opcode.Max => MinMax(t, a, b, max: true),
            Opcode.Fma => Fma(t, a, b, V(op.Operands[2])),
            Opcode.CmpEq or Opcode.CmpNe or Opcode.CmpLt or Opcode.CmpLe or Opcode.CmpGt or Opcode.CmpGe => Compare(op.Opcode, ot, a, b),
            Opcode.Select => L.Select(a, b, V(op.Operands[2])),
            Opcode.Cast => Convert(ot, t, a, saturate: false),
            Opcode.CastSat => Convert(ot, t, a, saturate: true),
            Opcode.And => L.And(a, b),
            Opcode.Or => L.Or(a, b),
            Opcode.Xor => L.Xor(a, b),
            Opcode.Shl => L.Shl(a, ShiftAmount(t, b)),
            Opcode.Shr => L.LShr(a, ShiftAmount(t, b)),
            Opcode.AShr => L.AShr(a, ShiftAmount(t, b)),
            Opcode.Exp => Round(t, M.Exp(s, a)),
            Opcode.Log => Round(t, M.Log(s, a)),
            Opcode.Sqrt => Round(t, M.Intrinsic("sqrt", s.Suffix, M.FloatType(s), a)),
            Opcode.Rsqrt => Round(t, L.FDiv(M.F(s, 1), M.Intrinsic("sqrt", s.Suffix, M.FloatType(s), a))),
            Opcode.Tanh => Round(t, M.Tanh(s, a)),
            Opcode.Erf => Round(t, M.Erf(s, a)),
            Opcode.Pow => Round(t, M.Pow(s, a, b)),
            Opcode.Floor => M.Floor(s, a),
            Opcode.Ceil => M.Ceil(s, a),
            Opcode.RoundEven => M.RoundEven(s, a),
            Opcode.Load or Opcode.VLoad => Load(op.Buffer!, t, a),
            Opcode.VLoadStrided => LoadStrided(op.Buffer!, t, a, op.IntValue),
            Opcode.Broadcast => Broadcast(t, a),
            Opcode.ReduceAdd or Opcode.ReduceMax or Opcode.ReduceMin => Reduce(op.Opcode, ot, a),
            Opcode.MulWide => L.Mul(Extend(ot, t, a), Extend(ot, t, b)),
            _ => throw new InvalidOperationException($"no code generation for opcode {op.Opcode}"),
        };
    }

    /// <summary>A constant (a splat for vector types); f16/bf16 constants are already rounded to their type.</summary>
    private LlvmValue Constant(KernelOp op)
    {
        var t = op.Result.Type;
        var scalar = t.IsFloat
            ? L.ConstReal(_m.RegScalar(t.Scalar), op.FloatValue)
            : L.ConstInt(_m.RegScalar(t.Scalar), op.IntValue);
        return M.Splat(scalar, t.Lanes);
    }

    private LlvmValue Splat(KernelType t, long value) => M.Splat(L.ConstInt(_m.RegScalar(t.Scalar), value), t.Lanes);

    /// <summary>Calls an intrinsic overloaded on one type, <c>llvm.NAME.SUFFIX</c>, whose operands have the given types.</summary>
    private LlvmValue Call(string name, KernelType t, LlvmValue[] args, LlvmType[]? types = null)
    {
        var ty = _m.Reg(t);
        types ??= [.. args.Select(_ => ty)];
        var fn = L.DeclareFunction($"llvm.{name}.{ModuleEmitter.Suffix(t)}", L.FunctionType(ty, types));
        return L.Call(fn, args);
    }

    /// <summary>Rounds an f16/bf16 result (held in f32) to its type; other types unchanged.</summary>
    private LlvmValue Round(KernelType t, LlvmValue v) => t.Scalar switch
    {
        ScalarKind.F16 => M.F16BitsToF32(t.Lanes, M.F32ToF16Bits(t.Lanes, v)),
        ScalarKind.BF16 => M.Bf16BitsToF32(t.Lanes, M.F32ToBf16Bits(t.Lanes, v)),
        _ => v,
    };

    /// <summary>Integer division and remainder without traps: a zero divisor divides by 1 (the interpreter reports QC5251
    /// there), and a signed divisor of −1 gives −x (wrapping) and remainder 0, as the spec says for MIN / −1.</summary>
    private LlvmValue IntDivide(KernelType t, LlvmValue x, LlvmValue y, bool remainder)
    {
        var zero = L.ICmp(IntPredicate.Eq, y, Splat(t, 0));
        if (!t.IsSigned)
        {
            var d = L.Select(zero, Splat(t, 1), y);
            return remainder ? L.URem(x, d) : L.UDiv(x, d);
        }

        var minusOne = L.ICmp(IntPredicate.Eq, y, Splat(t, -1));
        var safe = L.Select(L.Or(zero, minusOne), Splat(t, 1), y);
        return remainder
            ? L.Select(minusOne, Splat(t, 0), L.SRem(x, safe))
            : L.Select(minusOne, L.Sub(Splat(t, 0), x), L.SDiv(x, safe));
    }

    private LlvmValue MinMax(KernelType t, LlvmValue a, LlvmValue b, bool max)
    {
        var name = t.IsFloat ? (max ? "maximum" : "minimum")
            : t.IsSigned ? (max ? "smax" : "smin") : (max ? "umax" : "umin");
        return Call(name, t, [a, b]);
    }

    /// <summary>fma: <c>llvm.fma</c> for f32/f64; f16/bf16 compute in f64 and round once (f16 via round-to-odd f32).</summary>
    private LlvmValue Fma(KernelType t, LlvmValue a, LlvmValue b, LlvmValue c)
    {
        if (t.Scalar is ScalarKind.F32 or ScalarKind.F64)
        {
            return Call("fma", t, [a, b, c]);
        }

        var d = ModuleEmitter.Shape(t).AsDouble;
        var dt = M.FloatType(d);
        var r = M.Intrinsic("fma", d.Suffix, dt, L.FPExt(a, dt), L.FPExt(b, dt), L.FPExt(c, dt));
        return FromDouble(t, r);
    }

    /// <summary>An f64 value rounded once to f16 or bf16 (bf16 as the interpreter does: to f32, then to bf16).</summary>
    private LlvmValue FromDouble(KernelType t, LlvmValue d) => t.Scalar == ScalarKind.F16
        ? Round(t, M.F64ToF32RoundOdd(t.Lanes, d))
        : Round(t, L.FPTrunc(d, _m.Reg(t)));

    private LlvmValue Compare(Opcode op, KernelType t, LlvmValue a, LlvmValue b)
    {
        if (t.IsFloat)
        {
            var p = op switch
            {
                Opcode.CmpEq => RealPredicate.Oeq,
                Opcode.CmpNe => RealPredicate.Une,
                Opcode.CmpLt => RealPredicate.Olt,
                Opcode.CmpLe => RealPredicate.Ole,
                Opcode.CmpGt => RealPredicate.Ogt,
                _ => RealPredicate.Oge,
            };
            return L.FCmp(p, a, b);
        }

        var signed = t.IsSigned;
        var q = op switch
        {
            Opcode.CmpEq => IntPredicate.Eq,
            Opcode.CmpNe => IntPredicate.Ne,
            Opcode.CmpLt => signed ? IntPredicate.Slt : IntPredicate.Ult,
            Opcode.CmpLe => signed ? IntPredicate.Sle : IntPredicate.Ule,
            Opcode.CmpGt => signed ? IntPredicate.Sgt : IntPredicate.Ugt,
            _ => signed ? IntPredicate.Sge : IntPredicate.Uge,
        };
        return L.ICmp(q, a, b);
    }

    private LlvmValue ShiftAmount(KernelType t, LlvmValue amount) => L.And(amount, Splat(t, t.BitWidth - 1));

    /// <summary>Sign- or zero-extends (by the source's signedness; i1 zero-extends) to a wider integer type.</summary>
    private LlvmValue Extend(KernelType from, KernelType to, LlvmValue v) =>
        from.BitWidth == to.BitWidth ? v : from.IsSigned ? L.SExt(v, _m.Reg(to)) : L.ZExt(v, _m.Reg(to));

    /// <summary><c>cast</c> and <c>cast_sat</c> (specs/kernel-ir.md, "Conversions").</summary>
    private LlvmValue Convert(KernelType from, KernelType to, LlvmValue v, bool saturate)
    {
        if (from.Scalar == to.Scalar)
        {
            return v;
        }

        var fs = ModuleEmitter.Shape(from);
        if (from.IsFloat && to.IsFloat)
        {
            return to.Scalar switch
            {
                ScalarKind.F64 => L.FPExt(v, _m.Reg(to)),
                ScalarKind.F32 => from.Scalar == ScalarKind.F64 ? L.FPTrunc(v, _m.Reg(to)) : v,
                _ => from.Scalar == ScalarKind.F64 ? FromDouble(to, v) : Round(to, v),
            };
        }

        if (to.IsBool)
        {
            return from.IsFloat ? L.FCmp(RealPredicate.Une, v, M.F(fs, 0)) : L.ICmp(IntPredicate.Ne, v, Splat(from, 0));
        }

        if (to.IsFloat)
        {
            var ft = to.Scalar == ScalarKind.F64 ? _m.Reg(to) : M.FloatType(fs.AsSingle with { Lanes = to.Lanes });
            var f = from.IsSigned ? L.SIToFP(v, ft) : L.UIToFP(v, ft);
            return Round(to, f);
        }

        if (from.IsFloat)
        {
            var x = saturate ? M.RoundEven(fs, v) : v;
            var name = to.IsSigned ? "fptosi.sat" : "fptoui.sat";
            var fn = L.DeclareFunction($"llvm.{name}.{ModuleEmitter.Suffix(to)}.{fs.Suffix}", L.FunctionType(_m.Reg(to), M.FloatType(fs)));
            return L.Call(fn, x);
        }

        if (saturate)
        {
            var wide = KernelType.I64.WithLanes(from.Lanes);
            var w = Extend(from, wide, v);
            var lo = Splat(wide, Numerics.MinOf(to.Scalar));
            var hi = Splat(wide, Numerics.MaxOf(to.Scalar));
            w = L.Select(L.ICmp(IntPredicate.Slt, w, lo), lo, w);
            w = L.Select(L.ICmp(IntPredicate.Sgt, w, hi), hi, w);
            return to.BitWidth == 64 ? w : L.Trunc(w, _m.Reg(to));
        }

        return to.BitWidth < from.BitWidth ? L.Trunc(v, _m.Reg(to)) : Extend(from, to, v);
    }

    private LlvmValue Load(KernelBuffer buffer, KernelType t, LlvmValue index)
    {
        var storage = M.Shaped(_m.StorageScalar(t.Scalar), t.Lanes);
        var ptr = L.Gep(_m.StorageScalar(t.Scalar), _pointers[buffer], index);
        return FromStorage(t, L.Load(storage, ptr, ModuleEmitter.StorageBytes(t.Scalar)));
    }

    /// <summary>Lane k = element index + k·stride, from contiguous vector loads that cover exactly the elements from index
    /// to the last one read (chunks of the lane count, the last one ending at that element, so nothing past it is read)
    /// combined by shuffles: stride 2 is two loads and one shuffle (vpermt2ps on AVX-512).</summary>
    private LlvmValue LoadStrided(KernelBuffer buffer, KernelType t, LlvmValue index, long stride)
    {
        var lanes = t.Lanes;
        var storage = M.Shaped(_m.StorageScalar(t.Scalar), lanes);
        var span = ((lanes - 1) * stride) + 1;
        var chunks = (int)((span + lanes - 1) / lanes);
        long Offset(int c) => c == chunks - 1 ? span - lanes : (long)c * lanes;
        LlvmValue Chunk(int c)
        {
            var ptr = L.Gep(_m.StorageScalar(t.Scalar), _pointers[buffer], L.Add(index, L.ConstI64(Offset(c))));
            return L.Load(storage, ptr, ModuleEmitter.StorageBytes(t.Scalar));
        }

        // The chunk each lane comes from: the first that holds its element.
        var from = new int[lanes];
        for (var k = 0; k < lanes; k++)
        {
            var e = k * stride;
            from[k] = Enumerable.Range(0, chunks).First(c => e >= Offset(c) && e < Offset(c) + lanes);
        }

        var result = Chunk(0);
        for (var c = 1; c < chunks; c++)
        {
            // Lanes from chunks before c keep their place in result; lanes of chunk c come from the second operand.
            var mask = new int[lanes];
            for (var k = 0; k < lanes; k++)
            {
                mask[k] = from[k] < c ? (c == 1 ? (int)(k * stride) : k) : from[k] == c ? lanes + (int)((k * stride) - Offset(c)) : 0;
            }

            result = L.ShuffleVector(result, Chunk(c), mask);
        }

        return FromStorage(t, result);
    }

    private LlvmValue FromStorage(KernelType t, LlvmValue v) => t.Scalar switch
    {
        ScalarKind.I1 => L.ICmp(IntPredicate.Ne, v, M.Splat(L.ConstInt(L.I8, 0), t.Lanes)),
        ScalarKind.F16 => M.F16BitsToF32(t.Lanes, v),
        ScalarKind.BF16 => M.Bf16BitsToF32(t.Lanes, v),
        _ => v,
    };

    private LlvmValue ToStorage(KernelType t, LlvmValue v) => t.Scalar switch
    {
        ScalarKind.I1 => L.ZExt(v, M.Shaped(L.I8, t.Lanes)),
        ScalarKind.F16 => M.F32ToF16Bits(t.Lanes, v),
        ScalarKind.BF16 => M.F32ToBf16Bits(t.Lanes, v),
        _ => v,
    };

    private LlvmValue Broadcast(KernelType t, LlvmValue scalar)
    {
        var one = L.InsertElement(L.Poison(_m.Reg(t)), scalar, L.ConstI32(0));
        return L.ShuffleVector(one, L.Poison(_m.Reg(t)), new int[t.Lanes]);
    }

    /// <summary>Float reductions are a chain in lane order (((l0 op l1) op l2) ...) as the spec fixes; integer ones use
    /// <c>llvm.vector.reduce.*</c> (order does not matter for wrapping add, min and max).</summary>
    private LlvmValue Reduce(Opcode op, KernelType vt, LlvmValue v)
    {
        var e = vt.Element;
        if (vt.IsFloat)
        {
            var acc = L.ExtractElement(v, L.ConstI32(0));
            for (var l = 1; l < vt.Lanes; l++)
            {
                var lane = L.ExtractElement(v, L.ConstI32(l));
                acc = op switch
                {
                    Opcode.ReduceAdd => Round(e, L.FAdd(acc, lane)),
                    Opcode.ReduceMax => MinMax(e, acc, lane, max: true),
                    _ => MinMax(e, acc, lane, max: false),
                };
            }

            return acc;
        }

        var name = op switch
        {
            Opcode.ReduceAdd => "add",
            Opcode.ReduceMax => vt.IsSigned ? "smax" : "umax",
            _ => vt.IsSigned ? "smin" : "umin",
        };
        var fn = L.DeclareFunction($"llvm.vector.reduce.{name}.{ModuleEmitter.Suffix(vt)}", L.FunctionType(_m.Reg(e), _m.Reg(vt)));
        return L.Call(fn, v);
    }
}
