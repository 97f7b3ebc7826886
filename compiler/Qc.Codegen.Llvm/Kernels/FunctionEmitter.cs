using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Kernels;

/// <summary>Emits the statements of one kernel body (or one outlined parallel body) into an LLVM function: loops with
/// phi nodes for iter_args, ifs with phis for results, stores, and outlining of parallel loops through
/// <c>rt-&gt;parallel_for</c>. Ops are in <c>FunctionEmitter.Ops.cs</c>.</summary>
internal sealed partial class FunctionEmitter
{
    private readonly ModuleEmitter _m;
    private readonly string _name;
    private readonly LlvmFunction _function;
    private readonly Dictionary<KernelBuffer, LlvmValue> _pointers;
    private readonly Dictionary<KernelValue, LlvmValue> _values = new(ReferenceEqualityComparer.Instance);
    private int _parallelCount;

    public FunctionEmitter(ModuleEmitter m, LlvmFunction function, string name, Dictionary<KernelBuffer, LlvmValue> pointers)
    {
        _m = m;
        _function = function;
        _name = name;
        _pointers = pointers;
    }

    /// <summary>The <c>const qc_rt*</c> of a CPU kernel body (null elsewhere: parallel loops then run in place).</summary>
    public LlvmValue? Runtime { get; set; }

    private LlvmModuleBuilder L => _m.L;

    private MathEmitter M => _m.Math;

    private LlvmValue V(KernelValue v) => _values.TryGetValue(v, out var x) ? x
        : throw new InvalidOperationException($"kernel value {v} used before its definition (the module should not have verified)");

    public void Bind(KernelValue v, LlvmValue x) => _values[v] = x;

    public void EmitBlock(KernelBlock block)
    {
        foreach (var s in block.Statements)
        {
            EmitStatement(s);
        }
    }

    private void EmitStatement(KernelStmt s)
    {
        switch (s)
        {
            case KernelOp op:
                _values[op.Result] = EmitOp(op);
                break;
            case StoreOp st:
                var t = st.Value.Type;
                var ptr = L.Gep(_m.StorageScalar(t.Scalar), _pointers[st.Buffer], V(st.Index));
                L.Store(ToStorage(t, V(st.Value)), ptr, ModuleEmitter.StorageBytes(t.Scalar));
                break;
            case ForOp { Parallel: true } f when Runtime is { } rt:
                EmitParallel(f, rt);
                break;
            case ForOp f:
                EmitLoop(f, V(f.Lo), V(f.Hi), V(f.Step));
                break;
            case IfOp i:
                EmitIf(i);
                break;
            default:
                throw new InvalidOperationException($"unknown statement {s.GetType().Name}");
        }
    }

    /// <summary><c>for i = lo; i &lt; hi; i += step</c> with one phi per iter_arg; hints become <c>llvm.loop</c> metadata on
    /// the back edge.</summary>
    private void EmitLoop(ForOp f, LlvmValue lo, LlvmValue hi, LlvmValue step)
    {
        var fn = _function;
        var pre = L.CurrentBlock;
        var header = L.AppendBlock(fn, "loop");
        var body = L.AppendBlock(fn, "body");
        L.Br(header);
        L.PositionAtEnd(header);
        var iv = L.Phi(L.I64);
        L.AddIncoming(iv, lo, pre);
        var phis = new LlvmValue[f.IterArgs.Length];
        for (var k = 0; k < phis.Length; k++)
        {
            phis[k] = L.Phi(_m.Reg(f.IterArgs[k].Type));
            L.AddIncoming(phis[k], V(f.Inits[k]), pre);
            _values[f.IterArgs[k]] = phis[k];
        }

        var cond = L.ICmp(IntPredicate.Slt, iv, hi);
        L.PositionAtEnd(body);
        _values[f.InductionVar] = iv;
        EmitBlock(f.Body);
        var next = L.NswAdd(iv, step);
        var latch = L.CurrentBlock;
        var back = L.BrInstruction(header);
        var hints = new List<(string, int)>();
        if (f.Vectorize > 0)
        {
            hints.Add(("llvm.loop.vectorize.width", f.Vectorize));
            hints.Add(("llvm.loop.vectorize.enable", -1));
        }

        if (f.Unroll > 0)
        {
            hints.Add(("llvm.loop.unroll.count", f.Unroll));
        }

        if (hints.Count > 0)
        {
            L.SetLoopMetadata(back, [.. hints]);
        }

        L.AddIncoming(iv, next, latch);
        for (var k = 0; k < phis.Length; k++)
        {
            L.AddIncoming(phis[k], V(f.Body.Yield[k]), latch);
            _values[f.Results[k]] = phis[k];
        }

        var exit = L.AppendBlock(fn, "exit");
        L.PositionAtEnd(header);
        L.CondBr(cond, body, exit);
        L.PositionAtEnd(exit);
    }

    private void EmitIf(IfOp op)
    {
        var fn = _function;
        var then = L.AppendBlock(fn, "then");
        var otherwise = L.AppendBlock(fn, "else");
        L.CondBr(V(op.Condition), then, otherwise);
        L.PositionAtEnd(then);
        EmitBlock(op.Then);
        var thenValues = op.Then.Yield.Select(V).ToList();
        var thenEnd = L.CurrentBlock;
        L.PositionAtEnd(otherwise);
        EmitBlock(op.Else);
        var elseValues = op.Else.Yield.Select(V).ToList();
        var elseEnd = L.CurrentBlock;
        var merge = L.AppendBlock(fn, "endif");
        L.Br(merge);
        L.PositionAtEnd(thenEnd);
        L.Br(merge);
        L.PositionAtEnd(merge);
        for (var k = 0; k < op.Results.Length; k++)
        {
            var phi = L.Phi(_m.Reg(op.Results[k].Type));
            L.AddIncoming(phi, thenValues[k], thenEnd);
            L.AddIncoming(phi, elseValues[k], elseEnd);
            _values[op.Results[k]] = phi;
        }
    }

    /// <summary>A parallel loop on a CPU: the body is outlined into <c>void body(void* ctx, i64 begin, i64 end)</c> (over an
    /// internal function with <c>noalias</c> buffers), the values it uses from outside go into a context struct, and the
    /// kernel calls <c>rt-&gt;parallel_for(rt-&gt;pool, count, body, ctx)</c> with count = ⌈(hi − lo) / step⌉ (0 if hi ≤ lo).
    /// Iteration t of the split runs i = lo + t·step.</summary>
    private void EmitParallel(ForOp f, LlvmValue rt)
    {
        var n = _parallelCount++;
        var captures = Captures(f);
        var buffers = _pointers.Keys.ToList();
        var i64 = L.I64;
        var extras = captures.Select(c => _m.Reg(c.Type)).Concat([i64, i64, i64, i64]).ToList();
        var implName = $"{_name}.par{n}";
        var impl = _m.DefineBody(implName + ".impl", buffers, extras, (fe, ex) =>
        {
            for (var k = 0; k < captures.Count; k++)
            {
                fe.Bind(captures[k], ex[k]);
            }

            fe.BindConstants(f);
            var (lo, step, begin, end) = (ex[^4], ex[^3], ex[^2], ex[^1]);
            fe.EmitLoop(f, L.NswAdd(lo, L.NswMul(begin, step)), L.NswAdd(lo, L.NswMul(end, step)), step);
            L.RetVoid();
        });

        var fields = buffers.Select(_ => L.Ptr()).Concat(extras.Take(captures.Count + 2)).ToArray();
        var ctxType = L.Struct(fields);

        // The outlined entry: unpack the context and call the body.
        var saved = L.CurrentBlock;
        var body = L.AddFunction(implName, L.FunctionType(L.Void, L.Ptr(), i64, i64));
        L.SetInternal(body);
        _m.Attributes(body);
        L.PositionAtEnd(L.AppendBlock(body, "entry"));
        var ctxParam = L.Param(body, 0);
        var args = new List<LlvmValue>();
        for (var k = 0; k < fields.Length; k++)
        {
            args.Add(L.Load(fields[k], L.StructGep(ctxType, ctxParam, k)));
        }

        args.Add(L.Param(body, 1));
        args.Add(L.Param(body, 2));
        L.Call(impl, [.. args]);
        L.RetVoid();
        L.PositionAtEnd(saved);

        // The call site: fill the context, compute the trip count, call parallel_for.
        var ctx = L.Alloca(ctxType);
        var values = buffers.Select(b => _pointers[b]).Concat(captures.Select(V)).Concat([V(f.Lo), V(f.Step)]).ToList();
        for (var k = 0; k < values.Count; k++)
        {
            L.Store(values[k], L.StructGep(ctxType, ctx, k));
        }

        var (lo0, hi0, step0) = (V(f.Lo), V(f.Hi), V(f.Step));
        var span = L.Sub(hi0, lo0);
        var count = L.SDiv(L.Add(span, L.Sub(step0, L.ConstI64(1))), step0);
        count = L.Select(L.ICmp(IntPredicate.Sgt, hi0, lo0), count, L.ConstI64(0));
        var rtType = L.Struct(L.I32, L.I32, L.Ptr(), L.Ptr());
        var pool = L.Load(L.Ptr(), L.StructGep(rtType, rt, 2), 8);
        var parallelFor = L.Load(L.Ptr(), L.StructGep(rtType, rt, 3), 8);
        var pfType = L.FunctionType(L.Void, L.Ptr(), i64, L.Ptr(), L.Ptr());
        L.Call(new LlvmFunction(parallelFor, pfType), pool, count, body.Value, ctx);
    }

    /// <summary>CUDA: the kernel's statements in order, where <paramref name="loop"/> becomes
    /// <c>t = ctaid.x·ntid.x + tid.x; if (t &lt; count) { i = lo + t·step; body }</c>.</summary>
    public void EmitGridLoop(KernelBlock block, ForOp loop, long count)
    {
        foreach (var s in block.Statements)
        {
            if (!ReferenceEquals(s, loop))
            {
                EmitStatement(s);
                continue;
            }

            var sreg = (string r) => L.ZExt(L.Call(L.DeclareFunction($"llvm.nvvm.read.ptx.sreg.{r}.x", L.FunctionType(L.I32))), L.I64);
            var t = L.Add(L.Mul(sreg("ctaid"), sreg("ntid")), sreg("tid"));
            var fn = _function;
            var body = L.AppendBlock(fn, "thread");
            var done = L.AppendBlock(fn, "done");
            L.CondBr(L.ICmp(IntPredicate.Slt, t, L.ConstI64(count)), body, done);
            L.PositionAtEnd(body);
            _values[loop.InductionVar] = L.NswAdd(V(loop.Lo), L.NswMul(t, V(loop.Step)));
            EmitBlock(loop.Body);
            L.Br(done);
            L.PositionAtEnd(done);
        }
    }

    /// <summary>Values a parallel loop uses but does not define, in first-use order; constants are re-created in the
    /// outlined body instead (<see cref="BindConstants"/>), so the optimiser still sees them.</summary>
    private static List<KernelValue> Captures(ForOp f)
    {
        var defined = new HashSet<KernelValue>(ReferenceEqualityComparer.Instance) { f.InductionVar };
        var seen = new HashSet<KernelValue>(ReferenceEqualityComparer.Instance);
        var list = new List<KernelValue>();
        void Use(KernelValue v)
        {
            if (!defined.Contains(v) && v.DefiningOp is not { Opcode: Opcode.Const } && seen.Add(v))
            {
                list.Add(v);
            }
        }

        void Visit(KernelBlock b)
        {
            foreach (var s in b.Statements)
            {
                switch (s)
                {
                    case KernelOp op:
                        op.Operands.ToList().ForEach(Use);
                        defined.Add(op.Result);
                        break;
                    case StoreOp st:
                        Use(st.Index);
                        Use(st.Value);
                        break;
                    case ForOp l:
                        Use(l.Lo);
                        Use(l.Hi);
                        Use(l.Step);
                        l.Inits.ToList().ForEach(Use);
                        defined.Add(l.InductionVar);
                        defined.UnionWith(l.IterArgs);
                        Visit(l.Body);
                        defined.UnionWith(l.Results);
                        break;
                    case IfOp i:
                        Use(i.Condition);
                        Visit(i.Then);
                        Visit(i.Else);
                        defined.UnionWith(i.Results);
                        break;
                }
            }

            b.Yield.ForEach(Use);
        }

        Visit(f.Body);
        return list;
    }

    /// <summary>Re-creates, in an outlined body, the constants the loop uses.</summary>
    private void BindConstants(ForOp f)
    {
        foreach (var s in WalkAll(f.Body))
        {
            var operands = s switch
            {
                KernelOp op => op.Operands.AsEnumerable(),
                StoreOp st => [st.Index, st.Value],
                ForOp l => [l.Lo, l.Hi, l.Step, .. l.Inits, .. l.Body.Yield],
                IfOp i => [i.Condition, .. i.Then.Yield, .. i.Else.Yield],
                _ => [],
            };
            foreach (var v in operands.Concat(f.Body.Yield))
            {
                if (v.DefiningOp is { Opcode: Opcode.Const } c && !_values.ContainsKey(v))
                {
                    _values[v] = Constant(c);
                }
            }
        }
    }

    private static IEnumerable<KernelStmt> WalkAll(KernelBlock b)
    {
        foreach (var s in b.Statements)
        {
            yield return s;
            var nested = s switch
            {
                ForOp l => WalkAll(l.Body),
                IfOp i => WalkAll(i.Then).Concat(WalkAll(i.Else)),
                _ => [],
            };
            foreach (var n in nested)
            {
                yield return n;
            }
        }
    }

}
