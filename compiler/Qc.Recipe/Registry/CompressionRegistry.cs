using System.Collections.Immutable;

namespace Qc.Recipe.Registry;

/// <summary>Every function a recipe may name, by namespace: codecs (number formats, sparsity, low-rank, codebooks,
/// entropy coders), calibrators, metrics, sensitivity measures, pruning patterns and pruning methods. Registration is
/// explicit and ordered; specs/expressions.md documents the same table.</summary>
public sealed class CompressionRegistry
{
    private readonly Dictionary<string, FunctionSpec> _codecs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FunctionSpec> _calibrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FunctionSpec> _metrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FunctionSpec> _sensitivities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FunctionSpec> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FunctionSpec> _methods = new(StringComparer.Ordinal);

    private CompressionRegistry()
    {
    }

    /// <summary>The registry of this qc.</summary>
    public static CompressionRegistry Default { get; } = Create();

    /// <summary>Number formats and codecs, by name.</summary>
    public IReadOnlyDictionary<string, FunctionSpec> Codecs => _codecs;

    /// <summary>Activation range estimators, by name.</summary>
    public IReadOnlyDictionary<string, FunctionSpec> Calibrators => _calibrators;

    /// <summary>Evaluation metrics, by name.</summary>
    public IReadOnlyDictionary<string, FunctionSpec> Metrics => _metrics;

    /// <summary>Sensitivity measures, by name.</summary>
    public IReadOnlyDictionary<string, FunctionSpec> Sensitivities => _sensitivities;

    /// <summary>Pruning patterns, by name.</summary>
    public IReadOnlyDictionary<string, FunctionSpec> PrunePatterns => _patterns;

    /// <summary>Pruning methods, by name.</summary>
    public IReadOnlyDictionary<string, FunctionSpec> PruneMethods => _methods;

    /// <summary>Pruning methods that score single weights (for N:M and unstructured patterns).</summary>
    public static ImmutableArray<string> ElementMethods { get; } = ["magnitude", "wanda", "sparsegpt"];

    /// <summary>Pruning methods that score whole output channels.</summary>
    public static ImmutableArray<string> ChannelMethods { get; } = ["magnitude", "l1_norm", "l2_norm", "bn_gamma"];

    /// <summary>Names of the codecs of some kinds, in registration order.</summary>
    public IEnumerable<string> CodecNames(params FunctionKind[] kinds) =>
        _codecs.Values.Where(f => kinds.Length == 0 || kinds.Contains(f.Kind)).Select(f => f.Name);

    private static CompressionRegistry Create()
    {
        var r = new CompressionRegistry();
        for (var bits = 2; bits <= 8; bits++)
        {
            r.AddCodec(IntFormat("int" + bits, bits, signed: true));
        }

        for (var bits = 2; bits <= 8; bits++)
        {
            r.AddCodec(IntFormat("uint" + bits, bits, signed: false));
        }

        r.AddCodec(new FunctionSpec("fp32", FunctionKind.Format, "32-bit float: leave the tensor uncompressed") { Bits = 32, ActivationCapable = true, Example = "fp32" });
        r.AddCodec(new FunctionSpec("fp16", FunctionKind.Format, "IEEE half precision") { Bits = 16, ActivationCapable = true, Example = "fp16" });
        r.AddCodec(new FunctionSpec("bf16", FunctionKind.Format, "bfloat16 (8-bit exponent, 7-bit mantissa)") { Bits = 16, ActivationCapable = true, Example = "bf16" });
        r.AddCodec(new FunctionSpec("fp8_e4m3", FunctionKind.Format, "OCP FP8 E4M3 (FN variant: no infinities, max 448)", Axis(), Granularity(), Scale())
        { Bits = 8, ActivationCapable = true, Example = "fp8_e4m3(per_channel)" });
        r.AddCodec(new FunctionSpec("fp8_e5m2", FunctionKind.Format, "OCP FP8 E5M2 (IEEE-style inf/NaN, max 57344)", Axis(), Granularity(), Scale())
        { Bits = 8, ActivationCapable = true, Example = "fp8_e5m2" });
        r.AddCodec(new FunctionSpec("fp6_e3m2", FunctionKind.Format, "6-bit float E3M2 with per-group scales (stored as 4+2 bit planes)", Axis(), Group(null), Scale())
        { Bits = 6, Example = "fp6_e3m2(group=32)" });
        r.AddCodec(new FunctionSpec("fp4_e2m1", FunctionKind.Format, "4-bit float E2M1 with per-group scales", Axis(), Group(32), Scale())
        { Bits = 4, Example = "fp4_e2m1(group=32)" });
        r.AddCodec(new FunctionSpec("mxfp4", FunctionKind.Format, "OCP MXFP4: E2M1 in blocks of 32 with a power-of-two E8M0 scale")
        { Bits = 4, FixedBlock = 32, Example = "mxfp4" });
        r.AddCodec(new FunctionSpec("nvfp4", FunctionKind.Format, "NVFP4: E2M1 in blocks of 16 with an E4M3 scale and a per-tensor FP32 scale")
        { Bits = 4, FixedBlock = 16, Example = "nvfp4" });
        r.AddCodec(new FunctionSpec("nf4", FunctionKind.Format, "QLoRA NormalFloat4: 16 normal quantiles with absmax block scales", Axis(), Group(64), Scale())
        { Bits = 4, Example = "nf4(group=64)" });
        r.AddCodec(new FunctionSpec("binary", FunctionKind.Format, "1-bit weights alpha*sign(w), alpha = mean|w| per channel", Axis())
        { Bits = 1, Example = "binary" });
        r.AddCodec(new FunctionSpec("ternary", FunctionKind.Format, "ternary weights {-1, 0, +1}*gamma, gamma = mean|w| (BitNet b1.58)", Axis())
        { Bits = 2, Example = "ternary" });
        r.AddCodec(new FunctionSpec("log2", FunctionKind.Format, "logarithmic quantizer: codes are powers of two, so multiplying is a shift",
            new ParameterSpec("bits", ParameterType.Integer, "bits per code") { DefaultNumber = 4, Min = 2, Max = 8, Positional = true })
        { Bits = 4, ActivationCapable = true, Example = "log2(bits=4)" });

        var nm = new FunctionSpec("nm", FunctionKind.Sparsity, "N:M structured sparsity: keep N of every M consecutive weights along the reduced dimension",
            new ParameterSpec("n", ParameterType.Integer, "weights kept per group") { Required = true, Positional = true, PrintByPosition = true, Min = 1, Max = 64 },
            new ParameterSpec("m", ParameterType.Integer, "group size") { Required = true, Positional = true, PrintByPosition = true, Min = 2, Max = 64 })
        { Example = "nm(2, 4)" };
        var unstructured = new FunctionSpec("unstructured", FunctionKind.Sparsity, "unstructured sparsity: zero the given fraction of weights, store a bitmap",
            Ratio("fraction of weights removed"))
        { Example = "unstructured(0.5)" };
        r.AddCodec(nm);
        r.AddCodec(unstructured);
        r.AddCodec(new FunctionSpec("lowrank", FunctionKind.LowRank, "low-rank factorization W ≈ A·B by (activation-aware) SVD",
            new ParameterSpec("rank", ParameterType.Integer, "rank of the factors") { Required = true, Positional = true, Min = 1, Max = 1 << 20 })
        { Example = "lowrank(rank=16)" });
        r.AddCodec(new FunctionSpec("kmeans", FunctionKind.Codebook, "scalar k-means codebook per layer: b-bit indices into 2^b fp16 centroids",
            new ParameterSpec("bits", ParameterType.Integer, "bits per index") { DefaultNumber = 4, Min = 1, Max = 8, Positional = true })
        { Example = "kmeans(bits=4)" });
        r.AddCodec(new FunctionSpec("vq", FunctionKind.Codebook, "vector quantization: groups of dim weights become indices into a codebook of entries vectors",
            new ParameterSpec("dim", ParameterType.Integer, "weights per vector") { DefaultNumber = 8, Min = 1, Max = 256 },
            new ParameterSpec("entries", ParameterType.Integer, "codebook entries") { DefaultNumber = 256, Min = 2, Max = 1 << 16 })
        { Example = "vq(dim=8, entries=256)" });
        r.AddCodec(new FunctionSpec("huffman", FunctionKind.Entropy, "Huffman coding of the codes (prefix codes, table decode)") { Example = "huffman" });
        r.AddCodec(new FunctionSpec("rans", FunctionKind.Entropy, "interleaved rANS coding of the codes (fractional bits, parallel decode)") { Example = "rans" });

        r.Add(r._calibrators, new FunctionSpec("minmax", FunctionKind.Calibrator, "the observed minimum and maximum") { Example = "minmax" });
        r.Add(r._calibrators, new FunctionSpec("percentile", FunctionKind.Calibrator, "clip at a percentile of |x|",
            new ParameterSpec("p", ParameterType.Number, "the percentile") { PrintByPosition = true, DefaultNumber = 99.99, Min = 0, MinExclusive = true, Max = 100, Positional = true })
        { Example = "percentile(99.99)" });
        r.Add(r._calibrators, new FunctionSpec("kl", FunctionKind.Calibrator, "the clip threshold minimizing KL divergence of 128-level histograms (TensorRT)",
            new ParameterSpec("bins", ParameterType.Integer, "histogram bins") { DefaultNumber = 2048, Min = 128, Max = 1 << 16, Positional = true })
        { Example = "kl(bins=2048)" });
        r.Add(r._calibrators, new FunctionSpec("mse", FunctionKind.Calibrator, "grid search of the clip minimizing quantization MSE",
            new ParameterSpec("grid", ParameterType.Integer, "candidate clips") { DefaultNumber = 100, Min = 2, Max = 10000, Positional = true })
        { Example = "mse(grid=100)" });

        r.Add(r._metrics, new FunctionSpec("top1", FunctionKind.Metric, "top-1 accuracy (fraction of samples)") { HigherIsBetter = true, Example = "top1" });
        r.Add(r._metrics, new FunctionSpec("top5", FunctionKind.Metric, "top-5 accuracy (fraction of samples)") { HigherIsBetter = true, Example = "top5" });
        r.Add(r._metrics, new FunctionSpec("mse", FunctionKind.Metric, "mean squared error of the outputs against the fp32 model") { Example = "mse" });
        r.Add(r._metrics, new FunctionSpec("cosine", FunctionKind.Metric, "cosine similarity of the outputs with the fp32 model") { HigherIsBetter = true, Example = "cosine" });
        r.Add(r._metrics, new FunctionSpec("psnr", FunctionKind.Metric, "peak signal-to-noise ratio of the outputs in dB") { HigherIsBetter = true, Example = "psnr" });
        r.Add(r._metrics, new FunctionSpec("kl", FunctionKind.Metric, "KL divergence of softmax outputs from the fp32 model") { Example = "kl" });
        r.Add(r._metrics, new FunctionSpec("iou", FunctionKind.Metric, "intersection over union of thresholded output maps (fraction)") { HigherIsBetter = true, Example = "iou" });

        r.Add(r._sensitivities, new FunctionSpec("output_mse", FunctionKind.Sensitivity, "measured: output MSE with only this layer compressed") { Example = "output_mse" });
        r.Add(r._sensitivities, new FunctionSpec("output_kl", FunctionKind.Sensitivity, "measured: KL(softmax f || softmax f') with only this layer compressed") { Example = "output_kl" });
        r.Add(r._sensitivities, new FunctionSpec("hessian_proxy", FunctionKind.Sensitivity, "one pass: sum_i E[x_i^2]·||dW[:,i]||^2 (the importance-matrix statistic)") { Example = "hessian_proxy" });

        r.Add(r._patterns, nm);
        r.Add(r._patterns, unstructured);
        r.Add(r._patterns, new FunctionSpec("channel", FunctionKind.PrunePattern, "remove the given fraction of output channels (and the matching inputs of consumers)",
            Ratio("fraction of output channels removed"))
        { Example = "channel(0.25)" });

        r.Add(r._methods, new FunctionSpec("magnitude", FunctionKind.PruneMethod, "smallest |w| (per channel: smallest L1 norm)") { Example = "magnitude" });
        r.Add(r._methods, new FunctionSpec("wanda", FunctionKind.PruneMethod, "smallest |w_ij|·||x_j|| (Wanda; needs calibration data)") { Example = "wanda" });
        r.Add(r._methods, new FunctionSpec("sparsegpt", FunctionKind.PruneMethod, "OBS-style mask selection with weight updates (SparseGPT; needs calibration data)") { Example = "sparsegpt" });
        r.Add(r._methods, new FunctionSpec("l1_norm", FunctionKind.PruneMethod, "channels with the smallest L1 norm") { Example = "l1_norm" });
        r.Add(r._methods, new FunctionSpec("l2_norm", FunctionKind.PruneMethod, "channels with the smallest L2 norm") { Example = "l2_norm" });
        r.Add(r._methods, new FunctionSpec("bn_gamma", FunctionKind.PruneMethod, "channels whose following BatchNormalization has the smallest |gamma|") { Example = "bn_gamma" });
        return r;
    }

    private void AddCodec(FunctionSpec spec) => Add(_codecs, spec);

    private void Add(Dictionary<string, FunctionSpec> table, FunctionSpec spec) => table.Add(spec.Name, spec);

    private static FunctionSpec IntFormat(string name, int bits, bool signed)
    {
        var parameters = new List<ParameterSpec>
        {
            Axis(), Group(null), Granularity(),
            new("scheme", ParameterType.Choice, "symmetric (zero point 0) or asymmetric; default: symmetric for signed weights, asymmetric for activations and unsigned formats")
            {
                Choices = ["symmetric", "asymmetric"],
            },
        };
        if (signed)
        {
            parameters.Add(new ParameterSpec("range", ParameterType.Choice, "full code range down to -2^(b-1), or restricted to ±(2^(b-1) - 1)")
            {
                Choices = ["full", "restricted"], DefaultChoice = "full",
            });
        }

        parameters.Add(Scale());
        parameters.Add(new ParameterSpec("zero_bits", ParameterType.Integer, "stored bits per zero point of asymmetric formats") { Min = bits, Max = 16 });
        parameters.Add(new ParameterSpec("rounding", ParameterType.Choice, "how weights are rounded: to nearest, or by GPTQ or AdaRound on calibration data")
        {
            Choices = ["nearest", "gptq", "adaround"], DefaultChoice = "nearest", WeightsOnly = true,
        });
        return new FunctionSpec(name, FunctionKind.Format, $"{(signed ? "signed" : "unsigned")} {bits}-bit integers with scales (uniform affine quantization)",
            [.. parameters])
        {
            Bits = bits, ActivationCapable = true, Example = $"{name}(axis=0)",
        };
    }

    private static ParameterSpec Axis() =>
        new("axis", ParameterType.Integer, "without group: per-channel scales along this weight axis; with group: the axis groups run along (negative counts from the end; default: the output-channel axis, and the reduced dimension for groups)")
        {
            Min = -8, Max = 7, WeightsOnly = true,
        };

    private static ParameterSpec Scale() =>
        new("scale", ParameterType.Choice, "how scales are stored (none: a plain cast with scale 1, per tensor only)")
        {
            Choices = ["f32", "f16", "e8m0", "none"],
        };

    private static ParameterSpec Group(double? defaultSize) =>
        new("group", ParameterType.Integer, "one scale per group of this many consecutive weights along the reduced dimension")
        {
            Min = 1,
            Max = 1 << 20,
            DefaultNumber = defaultSize,
            WeightsOnly = true,
        };

    private static ParameterSpec Granularity() =>
        new("granularity", ParameterType.Choice, "one scale per tensor, or per output channel (the default for weights; activations are per tensor)")
        {
            Choices = ["per_tensor", "per_channel"],
        };

    private static ParameterSpec Ratio(string summary) =>
        new("ratio", ParameterType.Number, summary) { Required = true, Positional = true, PrintByPosition = true, Min = 0, Max = 1, MinExclusive = true, MaxExclusive = true };
}
