using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>The window of a 1-D or 2-D convolution or pool as 2-D numbers (a 1-D op has height 1): input and output
/// sizes, kernel, strides, dilations and the padding at the start and end of each axis (auto_pad resolved).</summary>
internal sealed record ConvGeometry(long N, long C, long H, long W, long OC, long OH, long OW, long KH, long KW,
    long SH, long SW, long DH, long DW, long PadTop, long PadLeft, long PadBottom, long PadRight)
{
    /// <summary>True for a 1-D op (the height axis is synthetic).</summary>
    public bool OneD { get; init; }

    public long EffectiveKH => ((KH - 1) * DH) + 1;

    public long EffectiveKW => ((KW - 1) * DW) + 1;

    /// <summary>The window of a Conv, ConvTranspose or pool. <paramref name="kernel"/> are the window sizes.</summary>
    public static ConvGeometry Of(LNode node, long[] kernel, bool transpose = false)
    {
        var x = node.Inputs[0]!.Shape;
        var y = node.Output.Shape;
        var spatial = x.Length - 2;
        var a = node.Attributes;
        long[] List(string name, long fallback) =>
            a.GetInts(name) is { Length: > 0 } v ? [.. v] : [.. Enumerable.Repeat(fallback, name == "pads" ? 2 * spatial : spatial)];
        var strides = List("strides", 1);
        var dilations = List("dilations", 1);
        var pads = List("pads", 0);
        var autoPad = a.GetString("auto_pad", "NOTSET");
        var begin = new long[spatial];
        var end = new long[spatial];
        for (var k = 0; k < spatial; k++)
        {
            var effective = ((kernel[k] - 1) * dilations[k]) + 1;
            var inSize = x[2 + k];
            var outSize = y[2 + k];
            if (transpose)
            {
                var outputPadding = a.GetInts("output_padding") is { Length: > 0 } op ? op[k] : 0;
                var total = (strides[k] * (inSize - 1)) + outputPadding + effective - outSize;
                if (autoPad is "SAME_UPPER" or "SAME_LOWER" || a.GetInts("output_shape") is { Length: > 0 })
                {
                    begin[k] = autoPad == "SAME_LOWER" ? total - (total / 2) : total / 2;
                }
                else
                {
                    begin[k] = autoPad == "VALID" ? 0 : pads[k];
                }

                end[k] = total - begin[k];
                continue;
            }

            switch (autoPad)
            {
                case "SAME_UPPER" or "SAME_LOWER":
                    {
                        var total = Math.Max(0, ((outSize - 1) * strides[k]) + effective - inSize);
                        begin[k] = autoPad == "SAME_UPPER" ? total / 2 : total - (total / 2);
                        end[k] = total - begin[k];
                        break;
                    }

                case "VALID":
                    break;
                default:
                    begin[k] = pads[k];
                    end[k] = pads[k + spatial];
                    break;
            }
        }

        if (spatial == 1)
        {
            return new ConvGeometry(x[0], x[1], 1, x[2], y[1], 1, y[2], 1, kernel[0], 1, strides[0], 1, dilations[0], 0, begin[0], 0, end[0]) { OneD = true };
        }

        return new ConvGeometry(x[0], x[1], x[2], x[3], y[1], y[2], y[3], kernel[0], kernel[1], strides[0], strides[1],
            dilations[0], dilations[1], begin[0], begin[1], end[0], end[1]);
    }
}
