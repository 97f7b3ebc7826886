namespace Qc.Ir.Kernel;

/// <summary>The registers and buffer memory of one running kernel.</summary>
/// <remarks>Integer and i1 values live sign- or zero-extended in <see cref="I"/>, floats in <see cref="F"/> (exactly
/// representable in their type); a vector occupies consecutive slots. Buffers are indexed by <see cref="KernelBuffer.Id"/>.</remarks>
internal sealed class Frame(long[] i, double[] f, long[]?[] bufI, double[]?[] bufF)
{
    public readonly long[] I = i;
    public readonly double[] F = f;
    public readonly long[]?[] BufI = bufI;
    public readonly double[]?[] BufF = bufF;
}

/// <summary>A run-time error inside a kernel (out of bounds, division by zero): becomes a diagnostic, never escapes.</summary>
internal sealed class KernelFault(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
