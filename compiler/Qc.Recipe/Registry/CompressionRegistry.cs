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
        // Number formats come from Qc.Formats; fp32/fp16/bf16 are float casts without scales, the recipe's own.
        foreach (var format in FormatFunctions.All())
        {
            r.AddCodec(format);
        }

        r.AddCodec(new FunctionSpec("fp32", FunctionKind.Format, "32-bit float: leave the tensor uncompressed") { Bits = 32, ActivationCapable = true, Example = "fp32" });
        r.AddCodec(new FunctionSpec("fp16", FunctionKind.Format, "IEEE half precision (a cast, no scales)") { Bits = 16, ActivationCapable = true, Example = "fp16" });
        r.AddCodec(new FunctionSpec("bf16", FunctionKind.Format, "bfloat16 (8-bit exponent, 7-bit mantissa; a cast, no scales)") { Bits = 16, ActivationCapable = true, Example = "bf16" });

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

    private static ParameterSpec Ratio(string summary) =>
        new("ratio", ParameterType.Number, summary) { Required = true, Positional = true, PrintByPosition = true, Min = 0, Max = 1, MinExclusive = true, MaxExclusive = true };
}
