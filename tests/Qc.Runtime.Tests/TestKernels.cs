using Qc.Codegen;
using Qc.Codegen.Llvm;

namespace Qc.Runtime.Tests;

/// <summary>Kernels with the package's native ABI, written as LLVM IR through qc's bindings (until lowering exists):
/// <c>uint32_t qc_abi_version(void)</c> and <c>void k(void* const* args, const qc_rt* rt)</c>.</summary>
internal static class TestKernels
{
    /// <summary>Byte offsets in <c>qc_rt</c>: abi_version 0, num_threads 4, pool 8, parallel_for 16.</summary>
    private const int RtPool = 8;
    private const int RtParallelFor = 16;

    public static TargetDescriptor Target(string name)
    {
        Assert.True(TargetName.TryParse(name, out var target, out _), name);
        return target.ToDescriptor();
    }

    /// <summary><c>qc_abi_version</c> returning <paramref name="version"/>.</summary>
    public static void AddAbiVersion(LlvmModuleBuilder m, int version = 1)
    {
        var fn = m.AddFunction("qc_abi_version", m.FunctionType(m.I32));
        m.PositionAtEnd(m.AppendBlock(fn, "entry"));
        m.Ret(m.ConstI32(version));
    }

    /// <summary>A kernel <paramref name="name"/> that runs <c>out[i] = f(args, i)</c> for i in [0, n): through
    /// <c>rt-&gt;parallel_for</c> when <paramref name="parallel"/>, else in one loop. The body gets the kernel's args array
    /// as its context and calls <paramref name="element"/> with the builder, args, i and the chunk's begin.</summary>
    public static void AddElementwise(LlvmModuleBuilder m, string name, long n, bool parallel, Action<LlvmModuleBuilder, LlvmValue, LlvmValue, LlvmValue> element)
    {
        var ptr = m.Ptr();
        var bodyType = m.FunctionType(m.Void, ptr, m.I64, m.I64);
        var body = m.AddFunction(name + "_body", bodyType);
        m.AddAttribute(body, -1, "nounwind");
        m.ApplyTargetAttributes(body);
        {
            var (ctx, begin, end) = (m.Param(body, 0), m.Param(body, 1), m.Param(body, 2));
            var entry = m.AppendBlock(body, "entry");
            var loop = m.AppendBlock(body, "loop");
            var exit = m.AppendBlock(body, "exit");
            m.PositionAtEnd(entry);
            m.CondBr(m.ICmp(IntPredicate.Slt, begin, end), loop, exit);
            m.PositionAtEnd(loop);
            var i = m.Phi(m.I64, "i");
            element(m, ctx, i, begin);
            var next = m.NswAdd(i, m.ConstI64(1), "next");
            m.AddIncoming(i, begin, entry);
            m.AddIncoming(i, next, m.CurrentBlock);
            m.CondBr(m.ICmp(IntPredicate.Eq, next, end), exit, loop);
            m.PositionAtEnd(exit);
            m.RetVoid();
        }

        var kernel = m.AddFunction(name, m.FunctionType(m.Void, ptr, ptr));
        m.AddAttribute(kernel, -1, "nounwind");
        var (args, rt) = (m.Param(kernel, 0), m.Param(kernel, 1));
        m.PositionAtEnd(m.AppendBlock(kernel, "entry"));
        if (parallel)
        {
            var pool = m.Load(ptr, m.Gep(m.I8, rt, m.ConstI64(RtPool)), 8, "pool");
            var parallelFor = m.Load(ptr, m.Gep(m.I8, rt, m.ConstI64(RtParallelFor)), 8, "parallel_for");
            var pfType = m.FunctionType(m.Void, ptr, m.I64, ptr, ptr);
            m.Call(new LlvmFunction(parallelFor, pfType), pool, m.ConstI64(n), body.Value, args);
        }
        else
        {
            m.Call(body, args, m.ConstI64(0), m.ConstI64(n));
        }

        m.RetVoid();
    }

    /// <summary>Loads <c>args[index]</c> (a buffer pointer).</summary>
    public static LlvmValue Arg(LlvmModuleBuilder m, LlvmValue args, int index) =>
        m.Load(m.Ptr(), m.Gep(m.Ptr(), args, m.ConstI64(index)), 8, $"arg{index}");

    /// <summary><c>c[i] = a[i] op b[i]</c> over f32 buffers args[0], args[1] → args[2].</summary>
    public static Action<LlvmModuleBuilder, LlvmValue, LlvmValue, LlvmValue> Binary(Func<LlvmModuleBuilder, LlvmValue, LlvmValue, LlvmValue> op) =>
        (m, args, i, _) =>
        {
            var a = m.Load(m.F32, m.Gep(m.F32, Arg(m, args, 0), i), 4);
            var b = m.Load(m.F32, m.Gep(m.F32, Arg(m, args, 1), i), 4);
            m.Store(op(m, a, b), m.Gep(m.F32, Arg(m, args, 2), i), 4);
        };

    /// <summary><c>out[i] = begin</c> into the i64 buffer args[0]: records which chunk computed each element.</summary>
    public static void ChunkStart(LlvmModuleBuilder m, LlvmValue args, LlvmValue i, LlvmValue begin) =>
        m.Store(begin, m.Gep(m.I64, Arg(m, args, 0), i), 8);

    /// <summary>Compiles a module for an x86-64 target and links it into a shared object.</summary>
    public static byte[] SharedObject(string target, Action<LlvmModuleBuilder> build)
    {
        byte[] obj;
        using (var m = new LlvmModuleBuilder("qc_test", Target(target)))
        {
            build(m);
            obj = m.Compile();
        }

        var link = new Linker().LinkShared([obj]);
        Assert.True(link.Succeeded, string.Join("\n", link.Diagnostics));
        return link.SharedObject!;
    }
}
