using Qc.Recipe.Binding;
using Qc.Recipe.Model;
using Qc.Recipe.Text;

namespace Qc.Recipe.Planning;

/// <summary>Checks that a codec's shape-dependent arguments fit a layer: groups and blocks divide the reduced dimension,
/// N:M patterns have M dividing it, the axis exists, the rank of a factorization is below the matrix's smaller side.</summary>
internal static class CodecFit
{
    /// <summary>The problems of a codec on a layer (none when it fits).</summary>
    public static IEnumerable<FitProblem> Check(BoundCodec codec, LayerFacts layer)
    {
        foreach (var term in codec.Terms)
        {
            foreach (var p in Check(term, layer))
            {
                yield return p;
            }
        }
    }

    /// <summary>The length groups run along: the given axis, or the reduced dimension; null for an axis the weight lacks
    /// (reported as an axis problem).</summary>
    private static (long Length, string Quantity)? GroupAxisLength(BoundCall term, LayerFacts layer)
    {
        if (term.Find("axis")?.Number is not { } axis)
        {
            return (layer.Reduced, "reduced dimension");
        }

        var index = (int)(axis < 0 ? axis + layer.Shape.Length : axis);
        return index >= 0 && index < layer.Shape.Length ? (layer.Shape[index], "dimension " + Format.Int(index)) : null;
    }

    private static IEnumerable<FitProblem> Check(BoundCall term, LayerFacts layer)
    {
        var f = term.Function;
        if (term.Number("group") is { } g && term.Find("granularity") is null && GroupAxisLength(term, layer) is { } span)
        {
            // groups run along the given axis, else along the reduced dimension
            var group = (long)g;
            if (span.Length % group != 0)
            {
                var what = term.Find("group") is not null ? "group=" + Format.Int(group) : $"{f.Name} (group {Format.Int(group)} by default)";
                var where = span.Quantity == "reduced dimension" ? "a reduced dimension" : "weight " + span.Quantity;
                yield return new FitProblem(term.LocationOf("group"), what, $"{where} divisible by {Format.Int(group)}", span.Quantity, span.Length);
            }
        }

        if (term.Find("axis")?.Number is { } axis && (axis >= layer.Shape.Length || axis < -layer.Shape.Length))
        {
            yield return new FitProblem(term.LocationOf("axis"), "axis=" + Format.Number(axis), $"a weight with an axis {Format.Number(axis)}", "weight rank", layer.Shape.Length);
        }

        switch (f.Name)
        {
            case "nm" when term.Number("m") is { } m && layer.Reduced % (long)m != 0:
                yield return new FitProblem(term.Location, CodecPrinter.Print(term), $"a reduced dimension divisible by {Format.Number(m)}", "reduced dimension",
                    layer.Reduced, IsNm: true, M: (long)m);
                break;
            case "lowrank" when term.Number("rank") is { } rank && rank >= Math.Min(layer.OutChannels, layer.Reduced):
                yield return new FitProblem(term.LocationOf("rank"), "rank=" + Format.Number(rank), "a layer whose smaller side is above the rank",
                    "smaller side", Math.Min(layer.OutChannels, layer.Reduced));
                break;
            case "vq" when term.Number("dim") is { } dim && layer.Reduced % (long)dim != 0:
                yield return new FitProblem(term.LocationOf("dim"), "dim=" + Format.Number(dim), $"a reduced dimension divisible by {Format.Number(dim)}",
                    "reduced dimension", layer.Reduced);
                break;
            case "channel" when term.Number("ratio") is { } ratio && (long)Math.Floor(layer.OutChannels * (1 - ratio)) < 1:
                yield return new FitProblem(term.Location, CodecPrinter.Print(term), "at least one output channel left", "output channels", layer.OutChannels);
                break;
        }

    }
}
