using System.Collections.Immutable;

namespace Qc.Compression;

/// <summary>The window of a 1-D or 2-D convolution, normalized to two spatial dims (a 1-D conv has height 1).</summary>
/// <param name="KernelHeight">kh (1 for a 1-D conv).</param>
/// <param name="KernelWidth">kw.</param>
/// <param name="StrideHeight">Stride along the height.</param>
/// <param name="StrideWidth">Stride along the width.</param>
/// <param name="DilationHeight">Dilation along the height.</param>
/// <param name="DilationWidth">Dilation along the width.</param>
/// <param name="Pads">Explicit pads [top, left, bottom, right] (used when <paramref name="AutoPad"/> is NOTSET).</param>
/// <param name="AutoPad">ONNX auto_pad: NOTSET, VALID, SAME_UPPER or SAME_LOWER.</param>
/// <param name="Group">The group count.</param>
/// <param name="InChannels">Input channels over all groups (C).</param>
/// <param name="SpatialRank">1 or 2: the rank of the convolution.</param>
public sealed record ConvGeometry(
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int DilationHeight, int DilationWidth,
    ImmutableArray<int> Pads, string AutoPad, int Group, int InChannels, int SpatialRank)
{
    /// <summary>kh·kw.</summary>
    public int KernelSize => KernelHeight * KernelWidth;

    /// <summary>Input channels per group (C/group).</summary>
    public int ChannelsPerGroup => InChannels / Group;

    /// <summary>The pads [top, left, bottom, right] for an input of the given spatial size, resolving auto_pad.</summary>
    public (int Top, int Left, int Bottom, int Right) PadsFor(int height, int width)
    {
        switch (AutoPad)
        {
            case "VALID":
                return (0, 0, 0, 0);
            case "SAME_UPPER":
            case "SAME_LOWER":
                {
                    var (t, b) = Same(height, KernelHeight, StrideHeight, DilationHeight, AutoPad == "SAME_UPPER");
                    var (l, r) = Same(width, KernelWidth, StrideWidth, DilationWidth, AutoPad == "SAME_UPPER");
                    return (t, l, b, r);
                }

            default:
                return (Pads[0], Pads[1], Pads[2], Pads[3]);
        }
    }

    /// <summary>The output spatial size for an input of the given size.</summary>
    public (int Height, int Width) OutputSize(int height, int width)
    {
        var (t, l, b, r) = PadsFor(height, width);
        var oh = ((height + t + b - (((KernelHeight - 1) * DilationHeight) + 1)) / StrideHeight) + 1;
        var ow = ((width + l + r - (((KernelWidth - 1) * DilationWidth) + 1)) / StrideWidth) + 1;
        return (Math.Max(oh, 0), Math.Max(ow, 0));
    }

    private static (int Begin, int End) Same(int size, int kernel, int stride, int dilation, bool upper)
    {
        var output = (size + stride - 1) / stride;
        var total = Math.Max(0, ((output - 1) * stride) + (((kernel - 1) * dilation) + 1) - size);
        var small = total / 2;
        return upper ? (small, total - small) : (total - small, small);
    }
}
