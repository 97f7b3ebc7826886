namespace Qc.OnnxRuntime;

/// <summary>ONNX Runtime's <c>GraphOptimizationLevel</c>.</summary>
public enum OrtOptimizationLevel
{
    /// <summary>No graph rewrites.</summary>
    Disabled = 0,

    /// <summary>Constant folding and redundant node removal.</summary>
    Basic = 1,

    /// <summary>Basic plus operator fusions.</summary>
    Extended = 2,

    /// <summary>Everything, including layout optimizations.</summary>
    All = 99,
}
