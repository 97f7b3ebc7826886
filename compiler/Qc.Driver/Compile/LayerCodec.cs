using System.Collections.Immutable;
using Qc.Compression;
using Qc.Core.Diagnostics;
using Qc.Formats;
using Qc.Recipe.Binding;
using Qc.Recipe.Model;
using Qc.Recipe.Planning;

namespace Qc.Driver.Compile;

/// <summary>How a weight is cast without scales.</summary>
internal enum WeightCast
{
    /// <summary>No cast: float32, or a number format.</summary>
    None,

    /// <summary>IEEE half precision.</summary>
    Fp16,

    /// <summary>bfloat16 (round to nearest even).</summary>
    Bf16,
}

/// <summary>Sparsity applied before the format: N:M along the reduced dimension, or an unstructured fraction.</summary>
internal sealed record Sparsity(int N, int M, double Fraction)
{
    /// <summary>N:M.</summary>
    public static Sparsity NM(int n, int m) => new(n, m, 1 - ((double)n / m));

    /// <summary>Unstructured: <paramref name="fraction"/> of the weights become 0.</summary>
    public static Sparsity Unstructured(double fraction) => new(0, 0, fraction);

    /// <summary>True for N:M.</summary>
    public bool IsNM => M > 0;

    /// <summary>The fraction of weights kept.</summary>
    public double Kept => 1 - Fraction;

    /// <summary>Metadata bits per weight: ⌈log2 M⌉ per kept value for N:M (its position in the run), a bitmap bit per weight otherwise.</summary>
    public double IndexBitsPerWeight => IsNM ? Kept * Math.Ceiling(Math.Log2(M)) : 1;
}

/// <summary>A weight codec made concrete for one layer: what the ONNX emit applies (a number format with its axis resolved,
/// rounding by GPTQ or to nearest, sparsity before it, or a cast), and what it costs to store.</summary>
/// <param name="Name">The codec's canonical recipe text (the candidate name in the allocator); <c>fp32</c> for none.</param>
/// <param name="Format">The concrete format (axis resolved by the planner), or null.</param>
/// <param name="Gptq">Round by GPTQ on the calibration Hessian (the format's <c>gptq</c> flag).</param>
/// <param name="Sparsity">Sparsity of the codec chain (<c>nm(2, 4) |&gt; int4(...)</c>) or of the layer's prune rule.</param>
/// <param name="Cast">A scale-free cast.</param>
internal sealed record LayerCodec(string Name, NumberFormat? Format, bool Gptq, Sparsity? Sparsity, WeightCast Cast)
{
    /// <summary>Code bits per weight as the kernels read them (for bit-ops): the format's, 16 for casts, 32 for float.</summary>
    public int WeightBits => Format?.CodeBits ?? (Cast == WeightCast.None ? 32 : 16);

    /// <summary>Bytes stored for the layer: the weight in its codec (payload of the kept values, scales and zero points,
    /// sparsity indices) plus the float32 bias; null when the format does not fit the layer.</summary>
    public long? StoredBytes(WeightLayer layer)
    {
        var elements = (long)layer.Rows * layer.Cols;
        var kept = Sparsity?.Kept ?? 1.0;
        double bits;
        if (Format is { } f)
        {
            if (!LayerQuantizer.TryViewFormat(layer, f, new DiagnosticBag(), out var view))
            {
                return null;
            }

            var cost = BitCost.Of(view, [layer.Rows, layer.Cols]);
            bits = (Math.Ceiling(cost.PayloadBits * kept / 8) + Bytes(cost.ScaleBits) + Bytes(cost.ZeroPointBits) + Bytes(cost.TableBits)) * 8;
        }
        else
        {
            bits = Math.Ceiling(elements * kept * WeightBits / 8.0) * 8;
        }

        if (Sparsity is { } s)
        {
            if (s.IsNM && layer.Cols % s.M != 0)
            {
                return null;
            }

            bits += Math.Ceiling(elements * s.IndexBitsPerWeight / 8) * 8;
        }

        return (long)(bits / 8) + (BiasElements(layer) * 4);
    }

    /// <summary>Elements of the layer's constant bias (0 when it has none).</summary>
    public static long BiasElements(WeightLayer layer) => layer.Bias?.Data?.ElementCount ?? 0;

    /// <summary>The codec of a layer's weight codec (null: float32); null with QC4402 when the ONNX emit cannot apply it.</summary>
    /// <param name="codec">The bound codec (a term or a chain of sparsity then a format).</param>
    /// <param name="formats">The planner's concrete formats of the codec's number-format terms, in term order.</param>
    /// <param name="prune">The layer's prune pattern from <c>prune:</c> (N:M or unstructured), or null.</param>
    /// <param name="layer">The layer, for messages.</param>
    /// <param name="bag">Receives QC4402.</param>
    public static LayerCodec? From(BoundCodec? codec, ImmutableArray<ResolvedFormat> formats, Sparsity? prune, LayerFacts layer, DiagnosticBag bag)
    {
        if (codec is null)
        {
            return new LayerCodec("fp32", null, false, prune, WeightCast.None);
        }

        if (codec is BoundSum or BoundErrorCodec)
        {
            return Unsupported(codec, layer, bag, "sums of codecs (low-rank plus a residual format) are not applied by the ONNX emit yet");
        }

        NumberFormat? format = null;
        var gptq = false;
        var sparsity = prune;
        var cast = WeightCast.None;
        var formatIndex = 0;
        foreach (var term in codec.Terms)
        {
            switch (term.Function.Name)
            {
                case "fp32":
                    break;
                case "fp16":
                    cast = WeightCast.Fp16;
                    break;
                case "bf16":
                    cast = WeightCast.Bf16;
                    break;
                case "nm":
                    sparsity = Sparsity.NM((int)(term.Number("n") ?? 2), (int)(term.Number("m") ?? 4));
                    break;
                case "unstructured":
                    sparsity = Sparsity.Unstructured(term.Number("ratio") ?? 0.5);
                    break;
                default:
                    if (term.NumberFormat is null || formatIndex >= formats.Length || format is not null)
                    {
                        return Unsupported(codec, layer, bag, $"'{term.Function.Name}' is not applied by the ONNX emit yet");
                    }

                    var rounding = term.Choice("rounding");
                    if (rounding == "adaround")
                    {
                        return Unsupported(codec, layer, bag, "AdaRound is not implemented; use 'gptq' or round to nearest");
                    }

                    format = formats[formatIndex].Format;
                    gptq = rounding == "gptq";
                    formatIndex++;
                    break;
            }
        }

        return new LayerCodec(CodecPrinter.Print(codec), format, gptq, sparsity, cast);
    }

    /// <summary>The sparsity of a prune pattern from <c>prune:</c> (null for channel pruning, applied to the graph instead).</summary>
    public static Sparsity? FromPrune(BoundCall? pattern) => pattern?.Function.Name switch
    {
        "nm" => Sparsity.NM((int)(pattern.Number("n") ?? 2), (int)(pattern.Number("m") ?? 4)),
        "unstructured" => Sparsity.Unstructured(pattern.Number("ratio") ?? 0.5),
        _ => null,
    };

    private static long Bytes(long bits) => (bits + 7) / 8;

    private static LayerCodec? Unsupported(BoundCodec codec, LayerFacts layer, DiagnosticBag bag, string why)
    {
        bag.Error(CompileCodes.UnsupportedCodec, codec.Location, $"cannot apply '{CodecPrinter.Print(codec)}' to '{layer.Name}': {why}",
            "choose integer, fp8, fp4 or nf4 formats, optionally after nm(N, M) or unstructured(r); or fp16/bf16 casts");
        return null;
    }
}
