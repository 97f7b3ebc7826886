namespace Qc.Ir.Graph;

/// <summary>The validated window attributes of a convolution or pool along its spatial axes.</summary>
/// <remarks>A kernel size of 0 means unknown (taken from a weight dimension that is not static). Pads are zero unless
/// <see cref="AutoPad"/> is NOTSET.</remarks>
internal sealed class ConvWindow
{
    /// <summary>Creates a window from validated attribute values.</summary>
    public ConvWindow(long[] kernel, long[] strides, long[] dilations, long[] pads, string autoPad)
    {
        Kernel = kernel;
        Strides = strides;
        Dilations = dilations;
        Pads = pads;
        AutoPad = autoPad;
    }

    /// <summary>Kernel size per spatial axis (0 when unknown).</summary>
    public long[] Kernel { get; }

    /// <summary>Stride per spatial axis.</summary>
    public long[] Strides { get; }

    /// <summary>Dilation per spatial axis.</summary>
    public long[] Dilations { get; }

    /// <summary>Pads as [x1_begin, x2_begin, ..., x1_end, x2_end, ...].</summary>
    public long[] Pads { get; }

    /// <summary>NOTSET, SAME_UPPER, SAME_LOWER or VALID.</summary>
    public string AutoPad { get; }

    /// <summary>Number of spatial axes.</summary>
    public int Spatial => Kernel.Length;

    /// <summary>True for SAME_UPPER and SAME_LOWER.</summary>
    public bool IsSame => AutoPad is "SAME_UPPER" or "SAME_LOWER";

    /// <summary>The dilated kernel extent along an axis, or 0 when the kernel size is unknown.</summary>
    public long EffectiveKernel(int axis) => Kernel[axis] <= 0 ? 0 : ((Kernel[axis] - 1) * Dilations[axis]) + 1;

    /// <summary>The pad at the beginning of an axis.</summary>
    public long PadBegin(int axis) => Pads[axis];

    /// <summary>The pad at the end of an axis.</summary>
    public long PadEnd(int axis) => Pads[axis + Spatial];
}
