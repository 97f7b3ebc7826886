namespace Qc.Compression;

/// <summary>The weight-bearing op kinds qc compresses.</summary>
public enum LayerKind
{
    /// <summary>ONNX Conv (1-D or 2-D, any group count); weight [M, C/group, (kh,) kw].</summary>
    Conv,

    /// <summary>ONNX Gemm with a constant B; weight [N, K] (transB = 1) or [K, N] (transB = 0).</summary>
    Gemm,

    /// <summary>ONNX MatMul with a constant 2-D second input; weight [K, N].</summary>
    MatMul,
}
