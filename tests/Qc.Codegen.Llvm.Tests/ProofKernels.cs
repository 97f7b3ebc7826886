namespace Qc.Codegen.Llvm.Tests;

/// <summary>Hand-built LLVM IR for the proof kernels (until kernel IR lowering exists).</summary>
internal static class ProofKernels
{
    /// <summary>Parses a target name the tests know to be valid.</summary>
    public static TargetDescriptor Target(string name)
    {
        Assert.True(TargetName.TryParse(name, out var target, out _), name);
        return target.ToDescriptor();
    }

    /// <summary>A module holding <see cref="AddAxpy"/> and, for CPUs, <see cref="AddMatmul"/>.</summary>
    public static LlvmModuleBuilder Module(TargetDescriptor target, bool withMatmul = true)
    {
        var m = new LlvmModuleBuilder("qc_kernels", target);
        AddAxpy(m);
        if (withMatmul && !target.IsGpu)
        {
            AddMatmul(m);
        }

        return m;
    }

    /// <summary><c>void axpy(float* noalias x, float* noalias y, float a, i32 n)</c>: <c>y[i] = fmuladd(a, x[i], y[i])</c>.
    /// On a GPU, one element per thread, <c>i = ctaid.x * ntid.x + tid.x</c>, marked as a kernel.</summary>
    public static void AddAxpy(LlvmModuleBuilder m)
    {
        var f32 = m.F32;
        var ptr = m.Ptr();
        var fn = m.AddFunction("axpy", m.FunctionType(m.Void, ptr, ptr, f32, m.I32));
        string[] names = ["x", "y", "a", "n"];
        for (var i = 0; i < names.Length; i++)
        {
            m.SetName(m.Param(fn, i), names[i]);
        }

        m.AddAttribute(fn, 0, "noalias");
        m.AddAttribute(fn, 1, "noalias");
        m.AddAttribute(fn, -1, "nounwind");
        m.ApplyTargetAttributes(fn);
        var fma = m.DeclareFunction("llvm.fmuladd.f32", m.FunctionType(f32, f32, f32, f32));
        var (x, y, a, n) = (m.Param(fn, 0), m.Param(fn, 1), m.Param(fn, 2), m.Param(fn, 3));
        var entry = m.AppendBlock(fn, "entry");
        var middle = m.AppendBlock(fn, m.Target.IsGpu ? "body" : "loop");
        var exit = m.AppendBlock(fn, "exit");

        void Element(LlvmValue index64)
        {
            var px = m.Gep(f32, x, index64);
            var py = m.Gep(f32, y, index64);
            var xv = m.Load(f32, px, 4, "xv");
            var yv = m.Load(f32, py, 4, "yv");
            m.Store(m.Call(fma, a, xv, yv), py, 4);
        }

        if (m.Target.IsGpu)
        {
            m.MarkKernel(fn);
            var sreg = m.FunctionType(m.I32);
            var body = middle;
            m.PositionAtEnd(entry);
            var tid = m.Call(m.DeclareFunction("llvm.nvvm.read.ptx.sreg.tid.x", sreg));
            var ntid = m.Call(m.DeclareFunction("llvm.nvvm.read.ptx.sreg.ntid.x", sreg));
            var ctaid = m.Call(m.DeclareFunction("llvm.nvvm.read.ptx.sreg.ctaid.x", sreg));
            var i = m.Add(m.Mul(ctaid, ntid, "base"), tid, "i");
            m.CondBr(m.ICmp(IntPredicate.Slt, i, n, "inside"), body, exit);
            m.PositionAtEnd(body);
            Element(m.SExt(i, m.I64, "i64"));
            m.Br(exit);
        }
        else
        {
            var loop = middle;
            m.PositionAtEnd(entry);
            var count = m.ZExt(n, m.I64, "count");
            m.CondBr(m.ICmp(IntPredicate.Sgt, n, m.ConstI32(0), "nonempty"), loop, exit);
            m.PositionAtEnd(loop);
            var i = m.Phi(m.I64, "i");
            Element(i);
            var next = m.NswAdd(i, m.ConstI64(1), "next");
            m.AddIncoming(i, m.ConstI64(0), entry);
            m.AddIncoming(i, next, loop);
            m.CondBr(m.ICmp(IntPredicate.Eq, next, count, "done"), exit, loop);
        }

        m.PositionAtEnd(exit);
        m.RetVoid();
    }

    /// <summary><c>void matmul(float* a, float* b, float* c, i32 m, i32 n, i32 k)</c>: row-major
    /// <c>c[i,j] = sum_p a[i,p] * b[p,j]</c>, accumulated with fmuladd in order p = 0..k-1 (needs m, n, k ≥ 1).</summary>
    public static void AddMatmul(LlvmModuleBuilder m)
    {
        var f32 = m.F32;
        var ptr = m.Ptr();
        var i32 = m.I32;
        var fn = m.AddFunction("matmul", m.FunctionType(m.Void, ptr, ptr, ptr, i32, i32, i32));
        for (var p = 0; p < 3; p++)
        {
            m.AddAttribute(fn, p, "noalias");
        }

        m.AddAttribute(fn, -1, "nounwind");
        m.ApplyTargetAttributes(fn);
        var fma = m.DeclareFunction("llvm.fmuladd.f32", m.FunctionType(f32, f32, f32, f32));
        var (a, b, c) = (m.Param(fn, 0), m.Param(fn, 1), m.Param(fn, 2));
        var (rows, cols, depth) = (m.Param(fn, 3), m.Param(fn, 4), m.Param(fn, 5));
        var entry = m.AppendBlock(fn, "entry");
        var iLoop = m.AppendBlock(fn, "i.loop");
        var jLoop = m.AppendBlock(fn, "j.loop");
        var pLoop = m.AppendBlock(fn, "p.loop");
        var jLatch = m.AppendBlock(fn, "j.latch");
        var iLatch = m.AppendBlock(fn, "i.latch");
        var exit = m.AppendBlock(fn, "exit");

        m.PositionAtEnd(entry);
        m.Br(iLoop);

        m.PositionAtEnd(iLoop);
        var i = m.Phi(i32, "i");
        m.Br(jLoop);

        m.PositionAtEnd(jLoop);
        var j = m.Phi(i32, "j");
        m.Br(pLoop);

        m.PositionAtEnd(pLoop);
        var p0 = m.Phi(i32, "p");
        var acc = m.Phi(f32, "acc");
        var av = m.Load(f32, m.Gep(f32, a, m.SExt(m.NswAdd(m.NswMul(i, depth), p0), m.I64)), 4, "av");
        var bv = m.Load(f32, m.Gep(f32, b, m.SExt(m.NswAdd(m.NswMul(p0, cols), j), m.I64)), 4, "bv");
        var acc1 = m.Call(fma, av, bv, acc);
        var p1 = m.NswAdd(p0, m.ConstI32(1), "p.next");
        m.CondBr(m.ICmp(IntPredicate.Eq, p1, depth), jLatch, pLoop);
        m.AddIncoming(p0, m.ConstI32(0), jLoop);
        m.AddIncoming(p0, p1, pLoop);
        m.AddIncoming(acc, m.ConstF32(0f), jLoop);
        m.AddIncoming(acc, acc1, pLoop);

        m.PositionAtEnd(jLatch);
        m.Store(acc1, m.Gep(f32, c, m.SExt(m.NswAdd(m.NswMul(i, cols), j), m.I64)), 4);
        var j1 = m.NswAdd(j, m.ConstI32(1), "j.next");
        m.CondBr(m.ICmp(IntPredicate.Eq, j1, cols), iLatch, jLoop);
        m.AddIncoming(j, m.ConstI32(0), iLoop);
        m.AddIncoming(j, j1, jLatch);

        m.PositionAtEnd(iLatch);
        var i1 = m.NswAdd(i, m.ConstI32(1), "i.next");
        m.CondBr(m.ICmp(IntPredicate.Eq, i1, rows), exit, iLoop);
        m.AddIncoming(i, m.ConstI32(0), entry);
        m.AddIncoming(i, i1, iLatch);

        m.PositionAtEnd(exit);
        m.RetVoid();
    }

    /// <summary>The inputs both the C# reference and the aarch64 harness generate: an LCG giving exact floats in [-0.5, 0.5).</summary>
    public static float[] Inputs(ref uint state, int count)
    {
        var v = new float[count];
        for (var i = 0; i < count; i++)
        {
            state = (state * 1664525u) + 1013904223u;
            v[i] = (((state >> 8) & 0xFFFF) / 65536f) - 0.5f;
        }

        return v;
    }

    /// <summary>Reference matmul with the kernel's accumulation order.</summary>
    public static float[] MatmulReference(float[] a, float[] b, int rows, int cols, int depth)
    {
        var c = new float[rows * cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                var acc = 0f;
                for (var p = 0; p < depth; p++)
                {
                    acc = MathF.FusedMultiplyAdd(a[(i * depth) + p], b[(p * cols) + j], acc);
                }

                c[(i * cols) + j] = acc;
            }
        }

        return c;
    }
}
