namespace Qc.OnnxRuntime;

/// <summary>Settings for an <see cref="OrtSession"/>.</summary>
/// <param name="IntraOpThreads">Threads inside one operator; 1 (the default) gives deterministic, reproducible timing; 0 lets ONNX Runtime choose.</param>
/// <param name="InterOpThreads">Threads across operators (only used by the parallel executor); 0 lets ONNX Runtime choose.</param>
/// <param name="Level">Graph optimization level.</param>
/// <param name="KeepQdq">Sets ONNX Runtime's <c>session.disable_quant_qdq</c>: QuantizeLinear/DequantizeLinear pairs are computed as
/// written (fake quantization, what qc's compiled packages compute) instead of being fused into integer kernels, while the
/// other graph optimizations of <paramref name="Level"/> stay on.</param>
public sealed record OrtSessionOptions(int IntraOpThreads = 1, int InterOpThreads = 1, OrtOptimizationLevel Level = OrtOptimizationLevel.All, bool KeepQdq = false)
{
    /// <summary>The defaults: one thread each, all optimizations.</summary>
    public static OrtSessionOptions Default { get; } = new();
}
