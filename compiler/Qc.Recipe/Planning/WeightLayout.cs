using System.Collections.Immutable;
using Qc.Formats;
using Qc.Recipe.Binding;
using Qc.Recipe.Model;

namespace Qc.Recipe.Planning;

/// <summary>A number format made concrete for one tensor: the Qc.Formats format with its axis resolved, and the shape it
/// applies to (the weight itself, or the weight's reduced view for groups).</summary>
/// <param name="Format">The concrete format (canonical text through <see cref="NumberFormat.ToText"/>).</param>
/// <param name="Dims">The shape the format's granularity refers to.</param>
/// <param name="View">How <paramref name="Dims"/> is obtained from the stored weight: <c>weight</c> (as stored),
/// <c>reshape</c> (row-major, no data movement) or <c>transpose(1,0,...) + reshape</c>; <c>tensor</c> for activations.</param>
public sealed record ResolvedFormat(NumberFormat Format, ImmutableArray<long> Dims, string View)
{
    /// <summary>Where the scales run, for tables: <c>per tensor</c>, <c>axis 0</c>, <c>groups of 8 on axis 1 of 8x27 (reshape)</c>.</summary>
    public string ScalesText => Format.Granularity switch
    {
        PerChannel c => FormattableString.Invariant($"axis {c.Axis}"),
        Grouped g => FormattableString.Invariant($"groups of {g.Size} on axis {g.Axis}") + (View == "weight" ? string.Empty : $" of {string.Join("x", Dims)} ({View})"),
        _ => "per tensor",
    };

    /// <summary>The concrete format's canonical text.</summary>
    public override string ToString() => Format.ToText();
}

/// <summary>Resolves where a weight format's scales run for a layer (specs/recipe.md, "Where scales and groups run").
/// Per-channel scales run along the output-channel axis of the stored weight. Groups run along the reduced dimension,
/// the length of the dot product that produces one output element, in the weight's <em>reduced view</em>:
/// Conv <c>[Cout, Cin/g, kh, kw]</c> → <c>[Cout, Cin/g·kh·kw]</c> (a reshape; groups span input channels and kernel
/// positions in im2col order), ConvTranspose <c>[Cin, Cout/g, kh, kw]</c> → transpose to <c>[Cout/g, Cin, kh, kw]</c>
/// and reshape to <c>[Cout/g, Cin·kh·kw]</c>, Gemm <c>[K, N]</c> axis 0 (<c>transB=1</c>: <c>[N, K]</c> axis 1),
/// MatMul <c>[..., K, N]</c> axis −2. An <c>axis=</c> written in the recipe is taken as is, on the stored weight.</summary>
internal static class WeightLayout
{
    /// <summary>The reduced view of a layer's weight: its dims, the axis the reduction runs along, and how it is made.</summary>
    public static (ImmutableArray<long> Dims, int Axis, string View) ReducedView(LayerFacts layer)
    {
        var shape = layer.Shape;
        switch (layer.OpType)
        {
            case "Conv" when shape.Length > 2:
                return ([shape[0], Product(shape, 1)], 1, "reshape");
            case "ConvTranspose" when shape.Length > 2:
                return ([shape[1], shape[0] * Product(shape, 2)], 1, "transpose(1,0," + string.Join(",", Enumerable.Range(2, shape.Length - 2)) + ") + reshape");
            case "Gemm" when shape.Length == 2:
                return (shape, layer.OutAxis == 0 ? 1 : 0, "weight");
            default: // MatMul [..., K, N]; rank-2 convolutions and rank-1 weights need no view
                return (shape, layer.OpType == "MatMul" && shape.Length >= 2 ? shape.Length - 2 : shape.Length > 1 ? 1 : 0, "weight");
        }
    }

    /// <summary>The concrete formats of a weight codec's number-format terms (none for fp32, casts and codebooks).</summary>
    public static ImmutableArray<ResolvedFormat> Weights(BoundCodec? codec, LayerFacts layer) =>
        codec is null ? [] : [.. codec.Terms.Select(t => Weights(t, layer)).OfType<ResolvedFormat>()];

    /// <summary>The concrete format of one number-format term on a layer's weight, or null for other terms.</summary>
    public static ResolvedFormat? Weights(BoundCall term, LayerFacts layer)
    {
        if (term.NumberFormat is not { } format)
        {
            return null;
        }

        var granularity = term.Find("granularity")?.Choice;
        if (format.Scale == ScalePrecision.None || granularity == "per_tensor")
        {
            return new ResolvedFormat(format with { Granularity = PerTensor.Instance }, layer.Shape, "weight"); // scale=none is a per-tensor cast
        }

        if (term.Find("axis")?.Number is { } written)
        {
            // written by the user: their axis, on the stored weight (per_channel keeps it per channel for formats whose
            // default is grouped, where Qc.Formats reads a lone axis as the group axis)
            return new ResolvedFormat(granularity == "per_channel" ? format with { Granularity = new PerChannel((int)written) } : format, layer.Shape, "weight");
        }

        if (format.Granularity is Grouped g && granularity is null)
        {
            var (dims, axis, view) = ReducedView(layer);
            return new ResolvedFormat(format with { Granularity = new Grouped(g.Size, axis) }, dims, view);
        }

        // per_channel, or nothing said: one scale per output channel
        return new ResolvedFormat(format with { Granularity = new PerChannel(layer.OutAxis) }, layer.Shape, "weight");
    }

    /// <summary>The concrete activation format: per tensor; signed integers without a written scheme are asymmetric.</summary>
    public static ResolvedFormat? Activations(BoundCall? term)
    {
        if (term?.NumberFormat is not { } format)
        {
            return null;
        }

        format = format with { Granularity = PerTensor.Instance };
        if (format is IntegerFormat { Signed: true, Symmetric: true } signed && term.Find("scheme") is null)
        {
            format = signed with { Symmetric = false, StoredZeroPointBits = signed.Bits };
        }

        return new ResolvedFormat(format, [], "tensor");
    }

    private static long Product(ImmutableArray<long> dims, int from)
    {
        long p = 1;
        for (var i = from; i < dims.Length; i++)
        {
            p *= dims[i];
        }

        return p;
    }
}
