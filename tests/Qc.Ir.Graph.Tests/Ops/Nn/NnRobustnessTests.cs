using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.Nn.NnTestKit;

namespace Qc.Ir.Graph.Tests.Ops.Nn;

/// <summary>Every Nn and Quantization op must cope with unknown, unranked, degenerate and nonsensical inputs and attributes
/// by reporting diagnostics, never by throwing.</summary>
public sealed class NnRobustnessTests
{
    public static TheoryData<string, string> Registrations { get; } = new()
    {
        { "Conv", "conv" }, { "ConvTranspose", "conv_transpose" }, { "Gemm", "gemm" }, { "MatMul", "matmul" },
        { "BatchNormalization", "batch_normalization" }, { "InstanceNormalization", "instance_normalization" },
        { "LayerNormalization", "layer_normalization" }, { "GroupNormalization", "group_normalization" },
        { "MeanVarianceNormalization", "mean_variance_normalization" }, { "LpNormalization", "lp_normalization" }, { "LRN", "lrn" },
        { "MaxPool", "max_pool" }, { "AveragePool", "average_pool" }, { "LpPool", "lp_pool" },
        { "GlobalAveragePool", "global_average_pool" }, { "GlobalMaxPool", "global_max_pool" }, { "GlobalLpPool", "global_lp_pool" },
        { "MaxUnpool", "max_unpool" }, { "MaxRoiPool", "max_roi_pool" }, { "RoiAlign", "roi_align" },
        { "Softmax", "softmax" }, { "LogSoftmax", "log_softmax" }, { "Hardmax", "hardmax" }, { "Dropout", "dropout" },
        { "Einsum", "einsum" }, { "Resize", "resize" }, { "DepthToSpace", "depth_to_space" }, { "SpaceToDepth", "space_to_depth" },
        { "GridSample", "grid_sample" }, { "Col2Im", "col2_im" }, { "NegativeLogLikelihoodLoss", "negative_log_likelihood_loss" },
        { "SoftmaxCrossEntropyLoss", "softmax_cross_entropy_loss" }, { "QuantizeLinear", "quantize_linear" },
        { "DequantizeLinear", "dequantize_linear" }, { "DynamicQuantizeLinear", "dynamic_quantize_linear" },
        { "QLinearConv", "qlinear_conv" }, { "QLinearMatMul", "qlinear_matmul" }, { "MatMulInteger", "matmul_integer" },
        { "ConvInteger", "conv_integer" },
    };

    private static readonly Func<OpTestHelpers, int, Value?>[] s_inputs =
    [
        (h, i) => h.Main.AddParameter(h.Module.UniqueName("u"), IrType.Unknown),
        (h, i) => h.Input("r", TensorType.Unranked(ElementType.F32)),
        (h, i) => h.Input("s", ElementType.F32),
        (h, i) => h.Input("e", ElementType.F32, 0),
        (h, i) => h.Input("v", ElementType.I64, 3),
        (h, i) => h.Input("q", ElementType.U8, 1, 1, 1, 1),
        (h, i) => h.Input("m", ElementType.F32, 2, 3, 4, 5),
        (h, i) => h.Input("y", T(ElementType.F32, Dim.Sym("N"), Dim.Unknown, 4)),
        (h, i) => i == 0 ? h.Input("x", ElementType.F32, 1, 2, 3, 3) : null,
        (h, i) => h.Ints("c", -1, 0, 2),
        (h, i) => h.Input("w", ElementType.F32, 3, 1),
        (h, i) => h.Input("t", T(ElementType.I8, 1, Dim.Sym("C"), 2)),
        (h, i) => h.Const("f", TensorData.Create<float>([2], [0.5f, -2f])),
    ];

    private static readonly AttributeMap[] s_attributes =
    [
        AttributeMap.Empty,
        A(("kernel_shape", new long[] { -1, 0 }), ("strides", new long[] { 0 }), ("pads", new long[] { -1 }), ("dilations", new long[] { }),
            ("axis", 99L), ("axes", new long[] { 7, -9 }), ("blocksize", -1L), ("num_groups", 0L), ("equation", "..."),
            ("pooled_shape", new long[] { }), ("output_shape", new long[] { }), ("output_padding", new long[] { 5 }), ("group", 0L),
            ("block_size", -3L), ("output_dtype", 99L), ("stash_type", 0L), ("size", -1L), ("p", 0L), ("mode", "?"),
            ("auto_pad", "SAME_UPPER"), ("ceil_mode", 1L), ("training_mode", 1L), ("reduction", "none"), ("transA", 1L)),
        A(("kernel_shape", new long[] { 2, 2 }), ("equation", "ij,jk->ik"), ("num_groups", 1L), ("blocksize", 2L), ("size", 3L),
            ("pooled_shape", new long[] { 2, 2 }), ("keep_aspect_ratio_policy", "not_larger"), ("axes", new long[] { 2, 3 })),
    ];

    [Theory]
    [MemberData(nameof(Registrations))]
    public void Op_is_registered_with_its_onnx_name(string onnxType, string mnemonic)
    {
        Assert.True(OpRegistry.Default.TryGetOnnx("", onnxType, out var schema));
        Assert.Equal(mnemonic, schema.Mnemonic);
    }

    [Theory]
    [MemberData(nameof(Registrations))]
    public void Inference_never_throws(string onnxType, string mnemonic)
    {
        Assert.True(OpRegistry.Default.TryGetByMnemonic(mnemonic, out var schema), onnxType);
        var inputCount = Math.Min(schema.MaxInputs, Math.Max(schema.MinInputs, 3));
        var resultCount = Math.Min(schema.MaxOutputs, 3);
        foreach (var attrs in s_attributes)
        {
            for (var variant = 0; variant < s_inputs.Length; variant++)
            {
                for (var mix = 0; mix < 3; mix++)
                {
                    var h = new OpTestHelpers();
                    var inputs = Enumerable.Range(0, inputCount)
                        .Select(i => s_inputs[(variant + (mix * i)) % s_inputs.Length](h, i)).ToArray();
                    var op = h.Op(mnemonic, inputs, attrs, resultCount);
                    h.Infer();
                    Assert.DoesNotContain(h.Diagnostics, d => d.Code.Number == 9002);
                    Assert.All(h.Diagnostics, d => Assert.Contains(d.Code.Number, new[] { 3201, 3202, 3203, 3204, 3205 }));
                    if (h.Diagnostics.HasErrors)
                    {
                        Assert.All(op.Results, r => Assert.IsType<UnknownType>(r.Type));
                    }
                }
            }
        }
    }
}
