using C = Qc.Ir.Kernel.KernelDiagnosticCodes;

namespace Qc.Ir.Kernel;

public sealed partial class KernelInterpreter
{
    /// <summary>Turns one verified kernel into closures over a register file.</summary>
    private sealed class Compiler(Kernel kernel)
    {
        private readonly Dictionary<KernelValue, int> _slots = [];
        private readonly string _where = $"kernel '{kernel.Name}'";
        private int _ints;
        private int _floats;

        public CompiledKernel Compile()
        {
            var body = Block(kernel.Body);
            return new CompiledKernel(kernel.Name, _ints, _floats, body);
        }

        private Action<Frame>[] Block(KernelBlock block) => [.. block.Statements.Select(Stmt)];

        private Action<Frame> Stmt(KernelStmt s) => s switch
        {
            KernelOp op => Op(op),
            StoreOp st => Store(st),
            ForOp f => For(f),
            IfOp i => If(i),
            _ => throw new InvalidOperationException("unknown statement " + s.GetType().Name),
        };

        private int Slot(KernelValue v)
        {
            if (_slots.TryGetValue(v, out var s))
            {
                return s;
            }

            if (v.Type.IsFloat)
            {
                s = _floats;
                _floats += v.Type.Lanes;
            }
            else
            {
                s = _ints;
                _ints += v.Type.Lanes;
            }

            _slots[v] = s;
            return s;
        }

        /// <summary>Copies a value's lanes between slots of one register file.</summary>
        private static Action<Frame> Copy(bool isFloat, int from, int to, int lanes) => (isFloat, lanes) switch
        {
            (true, 1) => fr => fr.F[to] = fr.F[from],
            (false, 1) => fr => fr.I[to] = fr.I[from],
            (true, _) => fr => Array.Copy(fr.F, from, fr.F, to, lanes),
            _ => fr => Array.Copy(fr.I, from, fr.I, to, lanes),
        };

        /// <summary>Copies several values to other slots as one parallel assignment (through scratch slots).</summary>
        private Action<Frame>? ParallelCopy(IReadOnlyList<KernelValue> from, IReadOnlyList<KernelValue> to)
        {
            var steps = new List<Action<Frame>>();
            var back = new List<Action<Frame>>();
            if (!from.Intersect(to).Any())
            {
                // No destination is read later: copy directly.
                for (var k = 0; k < from.Count; k++)
                {
                    steps.Add(Copy(from[k].Type.IsFloat, Slot(from[k]), Slot(to[k]), from[k].Type.Lanes));
                }

                return steps.Count switch
                {
                    0 => null,
                    1 => steps[0],
                    _ => fr =>
                    {
                        foreach (var a in steps)
                        {
                            a(fr);
                        }
                    },
                };
            }

            for (var k = 0; k < from.Count; k++)
            {
                var t = from[k].Type;
                var scratch = Slot(new KernelValue(t, null));
                steps.Add(Copy(t.IsFloat, Slot(from[k]), scratch, t.Lanes));
                back.Add(Copy(t.IsFloat, scratch, Slot(to[k]), t.Lanes));
            }

            Action<Frame>[] all = [.. steps, .. back];
            return all.Length switch
            {
                0 => null,
                2 => (all[0] + all[1])!,
                _ => fr =>
                {
                    foreach (var a in all)
                    {
                        a(fr);
                    }
                },
            };
        }

        private Action<Frame> For(ForOp f)
        {
            int lo = Slot(f.Lo), hi = Slot(f.Hi), step = Slot(f.Step), iv = Slot(f.InductionVar);
            var init = ParallelCopy(f.Inits, f.IterArgs);
            var body = Block(f.Body);
            var next = ParallelCopy(f.Body.Yield, f.IterArgs);
            var done = ParallelCopy(f.IterArgs, f.Results);
            var where = _where;
            return fr =>
            {
                var regs = fr.I;
                long i = regs[lo], end = regs[hi], s = regs[step];
                if (s <= 0)
                {
                    throw new KernelFault(C.NonPositiveStep, $"{where}: loop step is {Str(s)}; it must be positive");
                }

                init?.Invoke(fr);
                while (i < end)
                {
                    regs[iv] = i;
                    foreach (var a in body)
                    {
                        a(fr);
                    }

                    next?.Invoke(fr);
                    if (unchecked((ulong)(end - i)) <= (ulong)s)
                    {
                        break;
                    }

                    i += s;
                }

                done?.Invoke(fr);
            };
        }

        private Action<Frame> If(IfOp op)
        {
            var cond = Slot(op.Condition);
            var then = Block(op.Then);
            var otherwise = Block(op.Else);
            var thenOut = ParallelCopy(op.Then.Yield, op.Results);
            var elseOut = ParallelCopy(op.Else.Yield, op.Results);
            return fr =>
            {
                if (fr.I[cond] != 0)
                {
                    foreach (var a in then)
                    {
                        a(fr);
                    }

                    thenOut?.Invoke(fr);
                }
                else
                {
                    foreach (var a in otherwise)
                    {
                        a(fr);
                    }

                    elseOut?.Invoke(fr);
                }
            };
        }

        private Action<Frame> Store(StoreOp st)
        {
            int idx = Slot(st.Index), val = Slot(st.Value), lanes = st.Value.Type.Lanes, b = st.Buffer.Id;
            var name = st.Buffer.Name;
            var where = _where;
            return st.Value.Type.IsFloat
                ? fr => StoreLanes(fr.F, val, fr.BufF[b]!, fr.I[idx], lanes, where, name)
                : fr => StoreLanes(fr.I, val, fr.BufI[b]!, fr.I[idx], lanes, where, name);
        }

        private static void StoreLanes<T>(T[] registers, int value, T[] memory, long index, int lanes, string where, string buffer)
        {
            if (index < 0 || index > memory.Length - lanes)
            {
                throw OutOfBounds(where, "kernel.store", buffer, index, lanes, memory.Length);
            }

            if (lanes == 1)
            {
                memory[index] = registers[value];
            }
            else
            {
                Array.Copy(registers, value, memory, index, lanes);
            }
        }

        private static KernelFault OutOfBounds(string where, string what, string buffer, long index, int lanes, int length) =>
            new(C.OutOfBounds, lanes == 1
                ? $"{where}: {what} at index {Str(index)} is outside buffer '{buffer}' of {Str(length)} elements"
                : $"{where}: {what} of {Str(lanes)} lanes at index {Str(index)} is outside buffer '{buffer}' of {Str(length)} elements");

        private Action<Frame> Op(KernelOp op)
        {
            var rt = op.Result.Type;
            var d = Slot(op.Result);
            var lanes = rt.Lanes;
            var ops = op.Operands;
            switch (op.Opcode)
            {
                case Opcode.Const:
                    if (rt.IsFloat)
                    {
                        var fv = op.FloatValue;
                        return fr => Array.Fill(fr.F, fv, d, lanes);
                    }

                    var iv = op.IntValue;
                    return fr => Array.Fill(fr.I, iv, d, lanes);
                case Opcode.Load or Opcode.VLoad or Opcode.VLoadStrided:
                    return Load(op, d, lanes);
                case Opcode.Broadcast:
                    {
                        var a = Slot(ops[0]);
                        return rt.IsFloat ? fr => Array.Fill(fr.F, fr.F[a], d, lanes) : fr => Array.Fill(fr.I, fr.I[a], d, lanes);
                    }

                case Opcode.ReduceAdd or Opcode.ReduceMax or Opcode.ReduceMin:
                    return Reduce(op, d);
                case Opcode.Select:
                    return Select(op, d, lanes);
                case Opcode.Cast or Opcode.CastSat:
                    return Convert(op, d, lanes);
                case Opcode.Fma:
                    {
                        int a = Slot(ops[0]), b = Slot(ops[1]), c = Slot(ops[2]);
                        var k = rt.Scalar;
                        Func<double, double, double, double> fma = k switch
                        {
                            ScalarKind.F32 => (x, y, z) => MathF.FusedMultiplyAdd((float)x, (float)y, (float)z),
                            ScalarKind.F64 => Math.FusedMultiplyAdd,
                            _ => (x, y, z) => Numerics.RoundFloat(k, Math.FusedMultiplyAdd(x, y, z)),
                        };
                        if (rt == KernelType.F32)
                        {
                            return fr => fr.F[d] = MathF.FusedMultiplyAdd((float)fr.F[a], (float)fr.F[b], (float)fr.F[c]);
                        }

                        return lanes == 1
                            ? fr => fr.F[d] = fma(fr.F[a], fr.F[b], fr.F[c])
                            : fr =>
                            {
                                var f = fr.F;
                                for (var l = 0; l < lanes; l++)
                                {
                                    f[d + l] = fma(f[a + l], f[b + l], f[c + l]);
                                }
                            };
                    }

                case Opcode.MulWide:
                    {
                        int a = Slot(ops[0]), b = Slot(ops[1]);
                        var k = rt.Scalar;
                        return fr =>
                        {
                            var r = fr.I;
                            for (var l = 0; l < lanes; l++)
                            {
                                r[d + l] = Numerics.Wrap(k, r[a + l] * r[b + l]);
                            }
                        };
                    }

                case >= Opcode.CmpEq and <= Opcode.CmpGe:
                    return Compare(op, d, lanes);
            }

            var info = op.Info;
            if (info.Arity == 1)
            {
                var a = Slot(ops[0]);
                if (rt.IsFloat)
                {
                    var fn = Semantics.FloatUnary(op.Opcode, rt.Scalar);
                    return lanes == 1 ? fr => fr.F[d] = fn(fr.F[a]) : fr =>
                    {
                        var f = fr.F;
                        for (var l = 0; l < lanes; l++)
                        {
                            f[d + l] = fn(f[a + l]);
                        }
                    };
                }

                var ifn = Semantics.IntUnary(op.Opcode, rt.Scalar);
                return fr =>
                {
                    var r = fr.I;
                    for (var l = 0; l < lanes; l++)
                    {
                        r[d + l] = ifn(r[a + l]);
                    }
                };
            }

            {
                int a = Slot(ops[0]), b = Slot(ops[1]);
                if (rt == KernelType.F32)
                {
                    switch (op.Opcode)
                    {
                        case Opcode.Add: return fr => fr.F[d] = (float)fr.F[a] + (float)fr.F[b];
                        case Opcode.Sub: return fr => fr.F[d] = (float)fr.F[a] - (float)fr.F[b];
                        case Opcode.Mul: return fr => fr.F[d] = (float)fr.F[a] * (float)fr.F[b];
                        case Opcode.Max: return fr => fr.F[d] = MathF.Max((float)fr.F[a], (float)fr.F[b]);
                    }
                }

                if (rt.IsFloat)
                {
                    var fn = Semantics.FloatBinary(op.Opcode, rt.Scalar);
                    return lanes == 1 ? fr => fr.F[d] = fn(fr.F[a], fr.F[b]) : fr =>
                    {
                        var f = fr.F;
                        for (var l = 0; l < lanes; l++)
                        {
                            f[d + l] = fn(f[a + l], f[b + l]);
                        }
                    };
                }

                if (rt == KernelType.I64)
                {
                    // Index arithmetic is the hottest path: no delegate in between.
                    switch (op.Opcode)
                    {
                        case Opcode.Add: return fr => fr.I[d] = unchecked(fr.I[a] + fr.I[b]);
                        case Opcode.Sub: return fr => fr.I[d] = unchecked(fr.I[a] - fr.I[b]);
                        case Opcode.Mul: return fr => fr.I[d] = unchecked(fr.I[a] * fr.I[b]);
                    }
                }

                if (rt == KernelType.I1)
                {
                    switch (op.Opcode)
                    {
                        case Opcode.And: return fr => fr.I[d] = fr.I[a] & fr.I[b];
                        case Opcode.Or: return fr => fr.I[d] = fr.I[a] | fr.I[b];
                    }
                }

                var where = _where;
                var ifn = Semantics.IntBinary(op.Opcode, rt.Scalar, () => $"{where}: kernel.{op.Info.Mnemonic} divides by zero");
                return lanes == 1 ? fr => fr.I[d] = ifn(fr.I[a], fr.I[b]) : fr =>
                {
                    var r = fr.I;
                    for (var l = 0; l < lanes; l++)
                    {
                        r[d + l] = ifn(r[a + l], r[b + l]);
                    }
                };
            }
        }

        /// <summary>load, vload and vload_strided: lane k is element index + k·stride (stride 1 but for vload_strided).</summary>
        private Action<Frame> Load(KernelOp op, int d, int lanes)
        {
            var idx = Slot(op.Operands[0]);
            var b = op.Buffer!.Id;
            var name = op.Buffer.Name;
            var what = "kernel." + op.Info.Mnemonic;
            var where = _where;
            var stride = op.Opcode == Opcode.VLoadStrided ? (int)op.IntValue : 1;
            var span = ((lanes - 1) * stride) + 1;
            if (op.Result.Type.IsFloat)
            {
                return fr => Gather(fr.BufF[b]!, fr.I[idx], fr.F);
            }

            return fr => Gather(fr.BufI[b]!, fr.I[idx], fr.I);

            void Gather<T>(T[] mem, long i, T[] into)
            {
                if (i < 0 || i > mem.Length - span)
                {
                    throw OutOfBounds(where, what, name, i, span, mem.Length);
                }

                if (lanes == 1)
                {
                    into[d] = mem[i];
                }
                else if (stride == 1)
                {
                    Array.Copy(mem, i, into, d, lanes);
                }
                else
                {
                    for (var k = 0; k < lanes; k++)
                    {
                        into[d + k] = mem[i + (k * stride)];
                    }
                }
            }
        }

        private Action<Frame> Reduce(KernelOp op, int d)
        {
            var v = op.Operands[0];
            var a = Slot(v);
            var lanes = v.Type.Lanes;
            var binary = op.Opcode switch
            {
                Opcode.ReduceAdd => Opcode.Add,
                Opcode.ReduceMax => Opcode.Max,
                _ => Opcode.Min,
            };
            if (v.Type.IsFloat)
            {
                var fn = Semantics.FloatBinary(binary, v.Type.Scalar);
                return fr =>
                {
                    var f = fr.F;
                    var acc = f[a];
                    for (var l = 1; l < lanes; l++)
                    {
                        acc = fn(acc, f[a + l]);
                    }

                    f[d] = acc;
                };
            }

            var ifn = Semantics.IntBinary(binary, v.Type.Scalar, () => string.Empty);
            return fr =>
            {
                var r = fr.I;
                var acc = r[a];
                for (var l = 1; l < lanes; l++)
                {
                    acc = ifn(acc, r[a + l]);
                }

                r[d] = acc;
            };
        }

        private Action<Frame> Select(KernelOp op, int d, int lanes)
        {
            int c = Slot(op.Operands[0]), a = Slot(op.Operands[1]), b = Slot(op.Operands[2]);
            var step = op.Operands[0].Type.Lanes == 1 ? 0 : 1;
            if (op.Result.Type.IsFloat)
            {
                return fr =>
                {
                    for (var l = 0; l < lanes; l++)
                    {
                        fr.F[d + l] = fr.I[c + l * step] != 0 ? fr.F[a + l] : fr.F[b + l];
                    }
                };
            }

            return fr =>
            {
                var r = fr.I;
                for (var l = 0; l < lanes; l++)
                {
                    r[d + l] = r[c + l * step] != 0 ? r[a + l] : r[b + l];
                }
            };
        }

        private Action<Frame> Compare(KernelOp op, int d, int lanes)
        {
            var t = op.Operands[0].Type;
            int a = Slot(op.Operands[0]), b = Slot(op.Operands[1]);
            if (t.IsFloat)
            {
                Func<double, double, bool> fn = op.Opcode switch
                {
                    Opcode.CmpEq => (x, y) => x == y,
                    Opcode.CmpNe => (x, y) => x != y,
                    Opcode.CmpLt => (x, y) => x < y,
                    Opcode.CmpLe => (x, y) => x <= y,
                    Opcode.CmpGt => (x, y) => x > y,
                    _ => (x, y) => x >= y,
                };
                return fr =>
                {
                    for (var l = 0; l < lanes; l++)
                    {
                        fr.I[d + l] = fn(fr.F[a + l], fr.F[b + l]) ? 1 : 0;
                    }
                };
            }

            if (lanes == 1)
            {
                switch (op.Opcode)
                {
                    case Opcode.CmpLt: return fr => fr.I[d] = fr.I[a] < fr.I[b] ? 1 : 0;
                    case Opcode.CmpLe: return fr => fr.I[d] = fr.I[a] <= fr.I[b] ? 1 : 0;
                    case Opcode.CmpGt: return fr => fr.I[d] = fr.I[a] > fr.I[b] ? 1 : 0;
                    case Opcode.CmpGe: return fr => fr.I[d] = fr.I[a] >= fr.I[b] ? 1 : 0;
                    case Opcode.CmpEq: return fr => fr.I[d] = fr.I[a] == fr.I[b] ? 1 : 0;
                }
            }

            Func<long, long, bool> ifn = op.Opcode switch
            {
                Opcode.CmpEq => (x, y) => x == y,
                Opcode.CmpNe => (x, y) => x != y,
                Opcode.CmpLt => (x, y) => x < y,
                Opcode.CmpLe => (x, y) => x <= y,
                Opcode.CmpGt => (x, y) => x > y,
                _ => (x, y) => x >= y,
            };
            return lanes == 1 ? fr => fr.I[d] = ifn(fr.I[a], fr.I[b]) ? 1 : 0 : fr =>
            {
                var r = fr.I;
                for (var l = 0; l < lanes; l++)
                {
                    r[d + l] = ifn(r[a + l], r[b + l]) ? 1 : 0;
                }
            };
        }

        private Action<Frame> Convert(KernelOp op, int d, int lanes)
        {
            var from = op.Operands[0].Type;
            var to = op.Result.Type;
            var a = Slot(op.Operands[0]);
            var k = to.Scalar;
            var sat = op.Opcode == Opcode.CastSat;
            if (from.IsFloat && to.IsFloat)
            {
                return fr =>
                {
                    for (var l = 0; l < lanes; l++)
                    {
                        fr.F[d + l] = Numerics.RoundFloat(k, fr.F[a + l]);
                    }
                };
            }

            if (!from.IsFloat && to.IsFloat)
            {
                return fr =>
                {
                    for (var l = 0; l < lanes; l++)
                    {
                        fr.F[d + l] = Numerics.IntToFloat(k, fr.I[a + l]);
                    }
                };
            }

            if (from.IsFloat)
            {
                Func<double, long> fn = to.IsBool ? Numerics.FloatToBool
                    : sat ? v => Numerics.FloatToIntRoundSat(k, v) : v => Numerics.FloatToIntTruncSat(k, v);
                return fr =>
                {
                    for (var l = 0; l < lanes; l++)
                    {
                        fr.I[d + l] = fn(fr.F[a + l]);
                    }
                };
            }

            Func<long, long> ifn = to.IsBool ? v => v != 0 ? 1 : 0 : sat ? v => Numerics.Clamp(k, v) : v => Numerics.Wrap(k, v);
            return fr =>
            {
                var r = fr.I;
                for (var l = 0; l < lanes; l++)
                {
                    r[d + l] = ifn(r[a + l]);
                }
            };
        }
    }
}
