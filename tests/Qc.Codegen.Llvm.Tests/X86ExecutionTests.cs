namespace Qc.Codegen.Llvm.Tests;

/// <summary>x86-64 code through the whole chain: emit, link with ld.lld-19, load, call, compare with C#.</summary>
public sealed class X86ExecutionTests
{
    [NativeFact(Tool.Llvm | Tool.Lld | Tool.HostX86V3)]
    public void Axpy_MatchesFusedMultiplyAdd_BitForBit()
    {
        using var k = new NativeKernels("x86_64-linux-gnu:x86-64-v3");
        foreach (var n in new[] { 0, 1, 7, 16, 33, 1000, 4099 })
        {
            uint s = (uint)n + 1;
            var x = ProofKernels.Inputs(ref s, n);
            var y = ProofKernels.Inputs(ref s, n);
            var got = k.RunAxpy(1.25f, x, y);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(MathF.FusedMultiplyAdd(1.25f, x[i], y[i])), BitConverter.SingleToInt32Bits(got[i]));
            }
        }
    }

    [NativeFact(Tool.Llvm | Tool.Lld | Tool.HostX86V3)]
    public void Matmul_MatchesReference_BitForBit()
    {
        using var k = new NativeKernels("x86_64-linux-gnu:x86-64-v3");
        foreach (var (rows, cols, depth) in new[] { (1, 1, 1), (7, 9, 13), (16, 33, 5), (32, 32, 32) })
        {
            uint s = 42;
            var a = ProofKernels.Inputs(ref s, rows * depth);
            var b = ProofKernels.Inputs(ref s, depth * cols);
            Assert.Equal(ProofKernels.MatmulReference(a, b, rows, cols, depth), k.RunMatmul(a, b, rows, cols, depth));
        }
    }

    [NativeFact(Tool.Llvm | Tool.Lld)]
    public void HostTarget_RunsOnThisMachine()
    {
        // LLVM's host CPU name mapped through the allow-list, with vector features the host lacks switched off.
        var host = LlvmLibrary.ResolveHost(out _);
        Assert.NotNull(host);
        if (host.Architecture != TargetArchitecture.X86_64)
        {
            return;
        }

        using var k = new NativeKernels(host.ToString());
        uint s = 9;
        var x = ProofKernels.Inputs(ref s, 257);
        var y = ProofKernels.Inputs(ref s, 257);
        var got = k.RunAxpy(-0.75f, x, y);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(MathF.FusedMultiplyAdd(-0.75f, x[i], y[i]), got[i], 6);
        }
    }
}
