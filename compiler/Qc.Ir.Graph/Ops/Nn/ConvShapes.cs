using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>Window arithmetic shared by convolutions, pools and unpooling: attribute validation and the ONNX output-size
/// formulas (explicit pads, SAME_UPPER/SAME_LOWER, VALID, ceil_mode, dilations, transposed convolution).</summary>
internal static class ConvShapes
{
    private static readonly string[] s_autoPads = ["NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"];

    /// <summary>Reads and validates kernel_shape, strides, dilations, pads and auto_pad for <paramref name="spatial"/> axes.</summary>
    /// <param name="op">The op whose attributes are read.</param>
    /// <param name="context">Where problems are reported.</param>
    /// <param name="spatial">Number of spatial axes.</param>
    /// <param name="weightKernel">Kernel sizes from the weight's shape, or null when the op has no weight (kernel_shape required).</param>
    /// <returns>The window, or null when a problem was reported.</returns>
    public static ConvWindow? ReadWindow(Op op, InferenceContext context, int spatial, IReadOnlyList<Dim>? weightKernel)
    {
        var attrs = op.Attributes;
        var autoPad = attrs.GetString("auto_pad", "NOTSET");
        if (Array.IndexOf(s_autoPads, autoPad) < 0)
        {
            context.Error(op, InferenceCodes.BadAttributeValue, $"auto_pad '{autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
            return null;
        }

        long[] kernel;
        if (attrs.GetInts("kernel_shape") is { } ks)
        {
            if (ReadList(op, context, "kernel_shape", spatial, 1, 1) is not { } k)
            {
                return null;
            }

            kernel = k;
            for (var i = 0; weightKernel is not null && i < spatial; i++)
            {
                if (NnDims.Conflict(weightKernel[i], kernel[i]))
                {
                    context.Error(op, InferenceCodes.ShapeMismatch,
                        $"kernel_shape {NnDims.Show(ks.Select(Dim.Of))} does not match the weight's spatial dims {NnDims.Show(weightKernel)}");
                    return null;
                }
            }
        }
        else if (weightKernel is null)
        {
            context.Error(op, InferenceCodes.BadAttributeValue, "kernel_shape is required");
            return null;
        }
        else
        {
            kernel = [.. weightKernel.Select(d => d.Value ?? 0)];
        }

        var strides = ReadList(op, context, "strides", spatial, 1, 1);
        var dilations = ReadList(op, context, "dilations", spatial, 1, 1);
        var pads = ReadList(op, context, "pads", 2 * spatial, 0, 0);
        if (strides is null || dilations is null || pads is null)
        {
            return null;
        }

        if (autoPad != "NOTSET")
        {
            // Explicit pads and auto_pad cannot be combined; auto_pad wins (pads may be written out as a default).
            pads = new long[2 * spatial];
        }

        return new ConvWindow(kernel, strides, dilations, pads, autoPad);
    }

    /// <summary>Reads an INTS attribute that must have <paramref name="count"/> entries, each at least <paramref name="min"/>.</summary>
    /// <returns>The values (<paramref name="fallback"/> repeated when absent), or null when a problem was reported.</returns>
    public static long[]? ReadList(Op op, InferenceContext context, string name, int count, long min, long fallback)
    {
        if (op.Attributes.GetInts(name) is not { } values)
        {
            return [.. Enumerable.Repeat(fallback, count)];
        }

        if (values.Length != count)
        {
            context.Error(op, InferenceCodes.BadAttributeValue, $"{name} has {values.Length} values but {count} are expected");
            return null;
        }

        if (values.Any(v => v < min))
        {
            context.Error(op, InferenceCodes.BadAttributeValue, $"{name} values must be at least {min}");
            return null;
        }

        return [.. values];
    }

    /// <summary>Output size of a convolution or pool along one spatial axis (ONNX formulas).</summary>
    /// <param name="window">The window.</param>
    /// <param name="axis">The spatial axis.</param>
    /// <param name="input">The input size along the axis.</param>
    /// <param name="ceilMode">Pools' ceil_mode: round up, ignoring windows that start in the right padding.</param>
    /// <param name="size">The output size; unknown when the input or kernel is not known.</param>
    /// <returns>False when the (dilated) kernel does not fit the padded input.</returns>
    public static bool TryOutputSize(ConvWindow window, int axis, Dim input, bool ceilMode, out Dim size)
    {
        var stride = window.Strides[axis];
        var ek = window.EffectiveKernel(axis);
        if (window.IsSame)
        {
            size = input.IsStatic ? Dim.Of(CeilDiv(input.Value!.Value, stride)) : stride == 1 ? input : Dim.Unknown;
            return true;
        }

        var padBegin = window.PadBegin(axis);
        var padTotal = padBegin + window.PadEnd(axis);
        if (ek == 0 || !input.IsStatic)
        {
            size = ek != 0 && stride == 1 && padTotal == ek - 1 ? input : Dim.Unknown;
            return true;
        }

        var x = input.Value!.Value;
        var span = x + padTotal - ek;
        if (span < 0)
        {
            size = Dim.Unknown;
            return false;
        }

        long result;
        if (ceilMode && window.AutoPad == "NOTSET")
        {
            result = CeilDiv(span, stride) + 1;
            if ((result - 1) * stride >= x + padBegin)
            {
                result--;
            }
        }
        else
        {
            // For VALID, ceil((x - ek + 1) / s) equals floor((x - ek) / s) + 1, so ceil_mode does not matter.
            result = (span / stride) + 1;
        }

        size = Dim.Of(result);
        return true;
    }

    /// <summary>Output spatial dims of a convolution or pool; reports when the kernel does not fit.</summary>
    /// <returns>The dims, or null when a problem was reported.</returns>
    public static Dim[]? SpatialDims(Op op, InferenceContext context, ConvWindow window, IReadOnlyList<Dim> inputSpatial, bool ceilMode)
    {
        var result = new Dim[window.Spatial];
        for (var i = 0; i < result.Length; i++)
        {
            if (!TryOutputSize(window, i, inputSpatial[i], ceilMode, out result[i]))
            {
                context.Error(op, InferenceCodes.ShapeMismatch,
                    $"kernel extent {window.EffectiveKernel(i)} exceeds the padded input size {inputSpatial[i].Value + window.PadBegin(i) + window.PadEnd(i)} along spatial axis {i}");
                return null;
            }
        }

        return result;
    }

    /// <summary>Output size of a transposed convolution along one spatial axis when output_shape is not given.</summary>
    public static Dim TransposeOutputSize(ConvWindow window, int axis, Dim input, long outputPadding)
    {
        var stride = window.Strides[axis];
        if (window.IsSame)
        {
            return NnDims.Mul(input, stride);
        }

        var ek = window.EffectiveKernel(axis);
        var extra = outputPadding + ek - window.PadBegin(axis) - window.PadEnd(axis);
        if (ek == 0 || !input.IsStatic)
        {
            return ek != 0 && stride == 1 && extra == 1 ? input : Dim.Unknown;
        }

        return Dim.Of((stride * (input.Value!.Value - 1)) + extra);
    }

    /// <summary>Output size of MaxUnpool along one spatial axis: (x - 1) * stride + kernel - pads.</summary>
    public static Dim UnpoolOutputSize(ConvWindow window, int axis, Dim input)
    {
        var extra = window.Kernel[axis] - window.PadBegin(axis) - window.PadEnd(axis);
        if (!input.IsStatic)
        {
            return window.Strides[axis] == 1 && extra == 1 ? input : Dim.Unknown;
        }

        return Dim.Of((window.Strides[axis] * (input.Value!.Value - 1)) + extra);
    }

    /// <summary>Infers the output shape (N, M, spatial...) of a convolution from X (N, C, ...) and W (M, C/group, k...).</summary>
    /// <param name="op">The convolution (Conv, ConvInteger, QLinearConv).</param>
    /// <param name="context">Where problems are reported.</param>
    /// <param name="x">The input's type.</param>
    /// <param name="w">The weight's type.</param>
    /// <param name="dims">The output dims, or null when the rank is unknown.</param>
    /// <returns>False when a problem was reported.</returns>
    public static bool TryInferConv(Op op, InferenceContext context, TensorType x, TensorType w, out ImmutableArray<Dim>? dims)
    {
        dims = null;
        if (x.Dims is null && w.Dims is null)
        {
            return true;
        }

        var xd = x.Dims ?? NnDims.Unknowns(w.Rank);
        var wd = w.Dims ?? NnDims.Unknowns(xd.Length);
        if (xd.Length < 2 || xd.Length != wd.Length)
        {
            context.Error(op, InferenceCodes.RankMismatch, $"input {x} and weight {w} must have the same rank of at least 2");
            return false;
        }

        var group = op.Attributes.GetInt("group", 1);
        if (group < 1)
        {
            context.Error(op, InferenceCodes.BadAttributeValue, $"group must be positive but is {group}");
            return false;
        }

        if (xd[1].IsStatic && wd[1].IsStatic && xd[1].Value != wd[1].Value * group)
        {
            context.Error(op, InferenceCodes.ShapeMismatch,
                $"input has {xd[1]} channels but the weight expects {wd[1]} x group {group}");
            return false;
        }

        if (NnDims.NotDivisible(wd[0], group))
        {
            context.Error(op, InferenceCodes.ShapeMismatch, $"output channels {wd[0]} are not divisible by group {group}");
            return false;
        }

        var spatial = xd.Length - 2;
        if (ReadWindow(op, context, spatial, wd.Skip(2).ToArray()) is not { } window
            || SpatialDims(op, context, window, xd.Skip(2).ToArray(), ceilMode: false) is not { } outSpatial)
        {
            return false;
        }

        dims = [xd[0], wd[0], .. outSpatial];
        return true;
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);
}
