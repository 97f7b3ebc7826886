namespace Qc.Ir.Graph;

/// <summary>Registers the neural-network ops: convolutions, matrix products, normalizations, pools, softmax, dropout,
/// einsum, resize, depth/space rearrangements, grid sampling, Col2Im and losses (opset 22 semantics).</summary>
internal static class NnOps
{
    private const string ConvAttrs = "auto_pad:STRING dilations:INTS group:INT kernel_shape:INTS pads:INTS strides:INTS";

    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.Add("Conv", "conv", (2, 3), (1, 1), ConvAttrs, (s, i) => new ConvOp(s, i));
        r.Add("ConvTranspose", "conv_transpose", (2, 3), (1, 1), ConvAttrs + " output_padding:INTS output_shape:INTS",
            (s, i) => new ConvTransposeOp(s, i));
        r.Add("Gemm", "gemm", (2, 3), (1, 1), "alpha:FLOAT beta:FLOAT transA:INT transB:INT", (s, i) => new GemmOp(s, i));
        r.Add("MatMul", "matmul", (2, 2), (1, 1), "", (s, i) => new MatMulOp(s, i));
        RegisterNormalizations(r);
        RegisterPools(r);
        foreach (var (opType, mnemonic) in new[] { ("Softmax", "softmax"), ("LogSoftmax", "log_softmax"), ("Hardmax", "hardmax") })
        {
            r.Add(opType, mnemonic, (1, 1), (1, 1), "axis:INT", (s, i) => new SoftmaxOp(s, i));
        }

        r.Add("Dropout", "dropout", (1, 3), (1, 2), "seed:INT", (s, i) => new DropoutOp(s, i));
        r.Add("Einsum", "einsum", (1, OpSchema.Variadic), (1, 1), "equation:STRING!", (s, i) => new EinsumOp(s, i));
        r.Add("Resize", "resize", (1, 4), (1, 1),
            "antialias:INT axes:INTS coordinate_transformation_mode:STRING cubic_coeff_a:FLOAT exclude_outside:INT "
            + "extrapolation_value:FLOAT keep_aspect_ratio_policy:STRING mode:STRING nearest_mode:STRING", (s, i) => new ResizeOp(s, i));
        r.Add("DepthToSpace", "depth_to_space", (1, 1), (1, 1), "blocksize:INT! mode:STRING", (s, i) => new DepthSpaceOp(s, i));
        r.Add("SpaceToDepth", "space_to_depth", (1, 1), (1, 1), "blocksize:INT!", (s, i) => new DepthSpaceOp(s, i));
        r.Add("GridSample", "grid_sample", (2, 2), (1, 1), "align_corners:INT mode:STRING padding_mode:STRING", (s, i) => new GridSampleOp(s, i));
        r.Add("Col2Im", "col2_im", (3, 3), (1, 1), "dilations:INTS pads:INTS strides:INTS", (s, i) => new Col2ImOp(s, i));
        r.Add("NegativeLogLikelihoodLoss", "negative_log_likelihood_loss", (2, 3), (1, 1), "ignore_index:INT reduction:STRING",
            (s, i) => new LossOp(s, i));
        r.Add("SoftmaxCrossEntropyLoss", "softmax_cross_entropy_loss", (2, 3), (1, 2), "ignore_index:INT reduction:STRING",
            (s, i) => new LossOp(s, i));
    }

    private static void RegisterNormalizations(OpRegistry r)
    {
        r.Add("BatchNormalization", "batch_normalization", (5, 5), (1, 3), "epsilon:FLOAT momentum:FLOAT training_mode:INT",
            (s, i) => new BatchNormalizationOp(s, i));
        r.Add("InstanceNormalization", "instance_normalization", (3, 3), (1, 1), "epsilon:FLOAT", (s, i) => new ChannelNormalizationOp(s, i));
        r.Add("GroupNormalization", "group_normalization", (3, 3), (1, 1), "epsilon:FLOAT num_groups:INT! stash_type:INT",
            (s, i) => new ChannelNormalizationOp(s, i));
        r.Add("LayerNormalization", "layer_normalization", (2, 3), (1, 3), "axis:INT epsilon:FLOAT stash_type:INT",
            (s, i) => new LayerNormalizationOp(s, i));
        r.Add("MeanVarianceNormalization", "mean_variance_normalization", (1, 1), (1, 1), "axes:INTS", (s, i) => new NormalizationOp(s, i));
        r.Add("LpNormalization", "lp_normalization", (1, 1), (1, 1), "axis:INT p:INT", (s, i) => new NormalizationOp(s, i));
        r.Add("LRN", "lrn", (1, 1), (1, 1), "alpha:FLOAT beta:FLOAT bias:FLOAT size:INT!", (s, i) => new NormalizationOp(s, i));
    }

    private static void RegisterPools(OpRegistry r)
    {
        const string window = "auto_pad:STRING ceil_mode:INT dilations:INTS kernel_shape:INTS! pads:INTS strides:INTS";
        r.Add("MaxPool", "max_pool", (1, 1), (1, 2), window + " storage_order:INT", (s, i) => new PoolOp(s, i));
        r.Add("AveragePool", "average_pool", (1, 1), (1, 1), window + " count_include_pad:INT", (s, i) => new PoolOp(s, i));
        r.Add("LpPool", "lp_pool", (1, 1), (1, 1), window + " p:INT", (s, i) => new PoolOp(s, i));
        r.Add("GlobalAveragePool", "global_average_pool", (1, 1), (1, 1), "", (s, i) => new GlobalPoolOp(s, i));
        r.Add("GlobalMaxPool", "global_max_pool", (1, 1), (1, 1), "", (s, i) => new GlobalPoolOp(s, i));
        r.Add("GlobalLpPool", "global_lp_pool", (1, 1), (1, 1), "p:INT", (s, i) => new GlobalPoolOp(s, i));
        r.Add("MaxUnpool", "max_unpool", (2, 3), (1, 1), "kernel_shape:INTS! pads:INTS strides:INTS", (s, i) => new MaxUnpoolOp(s, i));
        r.Add("MaxRoiPool", "max_roi_pool", (2, 2), (1, 1), "pooled_shape:INTS! spatial_scale:FLOAT", (s, i) => new RoiPoolOp(s, i));
        r.Add("RoiAlign", "roi_align", (3, 3), (1, 1),
            "coordinate_transformation_mode:STRING mode:STRING output_height:INT output_width:INT sampling_ratio:INT spatial_scale:FLOAT",
            (s, i) => new RoiPoolOp(s, i));
    }
}
