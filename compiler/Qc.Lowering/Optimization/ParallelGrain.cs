using Qc.Ir.Kernel;

namespace Qc.Lowering.Optimization;

/// <summary>The grain-size rule: a loop the op lowerings marked <c>parallel</c> stays parallel only when its estimated
/// work is worth a <c>parallel_for</c> dispatch; a smaller one runs inline on the calling thread.</summary>
/// <remarks>
/// The estimate counts the executed data operations of the whole loop nest: every load, every store and every op whose
/// result is data (not a scalar i64 index or i1 mask, which fold into addressing, get hoisted or become the vector
/// compares of LLVM's loop vectorizer) is one unit whatever its lane count; constants are free; an <c>if</c> costs its
/// costlier branch. A loop whose bounds are not constants is assumed large (it stays parallel). See specs/lowering.md,
/// "Performance", for how the units relate to time.
/// </remarks>
internal static class ParallelGrain
{
    /// <summary>Clears <see cref="ForOp.Parallel"/> on every loop whose work is below <paramref name="minWork"/>; returns
    /// how many loops were made sequential.</summary>
    public static int Run(KernelModule module, long minWork)
    {
        var cleared = 0;
        foreach (var kernel in module.Kernels)
        {
            foreach (var loop in kernel.Body.Statements.OfType<ForOp>())
            {
                if (loop.Parallel && Work(loop) < minWork)
                {
                    loop.Parallel = false;
                    cleared++;
                }
            }
        }

        return cleared;
    }

    /// <summary>The estimated work of <paramref name="loop"/> (saturating at <see cref="long.MaxValue"/>).</summary>
    public static long Work(ForOp loop)
    {
        if (!loop.Lo.TryGetConstant(out long lo) || !loop.Hi.TryGetConstant(out long hi) || !loop.Step.TryGetConstant(out long step) || step <= 0)
        {
            return long.MaxValue;
        }

        var trips = hi <= lo ? 0 : (long)(((Int128)hi - lo + step - 1) / step);
        return Multiply(trips, Work(loop.Body));
    }

    private static long Work(KernelBlock block)
    {
        long work = 0;
        foreach (var s in block.Statements)
        {
            work = Add(work, s switch
            {
                KernelOp { Opcode: Opcode.Const } => 0,
                KernelOp { Buffer: null, Result.Type: { Lanes: 1, Scalar: ScalarKind.I64 or ScalarKind.I1 } } => 0,
                KernelOp or StoreOp => 1,
                ForOp f => Work(f),
                IfOp i => Math.Max(Work(i.Then), Work(i.Else)),
                _ => throw new InvalidOperationException($"unknown statement {s.GetType().Name}"),
            });
        }

        return work;
    }

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long Multiply(long a, long b) => b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;
}
