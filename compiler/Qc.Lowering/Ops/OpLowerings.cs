using System.Collections.Frozen;

namespace Qc.Lowering.Ops;

/// <summary>The op lowerings by ONNX op type, registered by family (one file per family).</summary>
internal static class OpLowerings
{
    /// <summary>Ops that are views of their first input (same elements in the same row-major order): no kernel.</summary>
    public static readonly FrozenSet<string> Aliases = new[] { "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Dropout" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Ops that compute a constant from static shapes (folded before lowering).</summary>
    public static readonly FrozenSet<string> ShapeDerived = new[] { "Shape", "Size", "ConstantOfShape" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, IOpLowering> s_byOpType = Create();

    /// <summary>Every op type lowering supports (aliases and shape-derived constants included), sorted.</summary>
    public static IEnumerable<string> Supported => s_byOpType.Keys.Concat(Aliases).Concat(ShapeDerived).Distinct().Order(StringComparer.Ordinal);

    public static IOpLowering? Find(string opType) => s_byOpType.GetValueOrDefault(opType);

    private static FrozenDictionary<string, IOpLowering> Create()
    {
        var map = new Dictionary<string, IOpLowering>(StringComparer.Ordinal);
        void Add(IOpLowering lowering, params string[] opTypes)
        {
            foreach (var t in opTypes)
            {
                map.Add(t, lowering);
            }
        }

        Add(new ElementwiseLowering(), [.. ElementwiseOps.OpTypes.Where(t => t is not ("Identity" or "Dropout"))]);
        Add(new ConvLowering(), "Conv", "ConvTranspose");
        Add(new MatMulLowering(), "MatMul", "Gemm");
        Add(new PoolLowering(), "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool");
        Add(new SoftmaxLowering(), "Softmax", "LogSoftmax", "Hardmax");
        Add(new CumSumLowering(), "CumSum");
        Add(new LayerNormLowering(), "LayerNormalization", "InstanceNormalization");
        Add(new ReduceLowering(), ReduceLowering.OpTypes);
        Add(new ResizeLowering(), "Resize");
        Add(new DataMovementLowering(), "Concat", "Split", "Slice", "Transpose", "Pad", "Gather", "Tile", "Range", "DepthToSpace", "SpaceToDepth",
            "GatherElements", "Trilu");
        Add(new ScatterGatherLowering(), "GatherND", "ScatterND", "ScatterElements", "Scatter");
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
