using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>Resizes X (ONNX Resize, opset 19): inputs X, roi, scales, sizes (exactly one of scales and sizes, an empty
/// tensor counting as absent), optionally over a subset of <c>axes</c>.</summary>
/// <remarks>With scales the size is <c>floor(D * scale)</c> (single precision, as ONNX); with sizes it is the size itself, or
/// for keep_aspect_ratio_policy not_larger / not_smaller <c>round(D * min/max(size / D))</c> over the resized axes.</remarks>
public sealed class ResizeOp : Op
{
    internal ResizeOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x || !ValidateModes(context, out var policy))
        {
            return;
        }

        var hasScales = IsGiven(context, 2);
        var hasSizes = IsGiven(context, 3);
        if (hasScales == hasSizes)
        {
            context.Error(this, InferenceCodes.BadInput, "exactly one of scales and sizes must be given");
            return;
        }

        if (hasScales && policy != "stretch")
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"keep_aspect_ratio_policy '{policy}' cannot be used with scales");
            return;
        }

        if (x.Dims is not { } xd)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        if (ReadAxes(context, xd.Length) is not { } axes)
        {
            return;
        }

        var result = xd.ToArray();
        var ok = hasSizes ? FromSizes(context, xd, axes, policy, result) : FromScales(context, xd, axes, result);
        if (ok)
        {
            this.SetResult(0, x.ElementType, result);
        }
    }

    private bool FromSizes(InferenceContext context, ImmutableArray<Dim> xd, int[] axes, string policy, Dim[] result)
    {
        var sizes = context.GetShapeValue(Input(3));
        if (!CheckLength(context, "sizes", sizes?.Length ?? StaticLength(3), axes.Length))
        {
            return false;
        }

        if (sizes is not { } s)
        {
            SetUnknown(result, axes);
            return true;
        }

        if (policy == "stretch")
        {
            for (var i = 0; i < axes.Length; i++)
            {
                result[axes[i]] = s[i].Value < 0 ? Dim.Unknown : s[i];
            }

            return true;
        }

        if (axes.Any(a => !xd[a].IsStatic) || s.Any(d => !d.IsStatic))
        {
            SetUnknown(result, axes);
            return true;
        }

        var scale = policy == "not_larger" ? float.MaxValue : float.MinValue;
        for (var i = 0; i < axes.Length; i++)
        {
            var ratio = s[i].Value!.Value / (float)xd[axes[i]].Value!.Value;
            scale = policy == "not_larger" ? Math.Min(scale, ratio) : Math.Max(scale, ratio);
        }

        foreach (var a in axes)
        {
            result[a] = (long)MathF.Round(scale * xd[a].Value!.Value, MidpointRounding.AwayFromZero);
        }

        return true;
    }

    private bool FromScales(InferenceContext context, ImmutableArray<Dim> xd, int[] axes, Dim[] result)
    {
        var scales = context.GetStaticDoubles(Input(2));
        if (!CheckLength(context, "scales", scales?.Length ?? StaticLength(2), axes.Length))
        {
            return false;
        }

        if (scales is null)
        {
            SetUnknown(result, axes);
            return true;
        }

        if (scales.Any(v => !(v > 0)))
        {
            context.Error(this, InferenceCodes.BadInput, $"scales must be positive but are [{string.Join(", ", scales)}]");
            return false;
        }

        for (var i = 0; i < axes.Length; i++)
        {
            var scale = (float)scales[i];
            var d = xd[axes[i]];
            result[axes[i]] = scale == 1f ? d : d.IsStatic ? Dim.Of((long)MathF.Floor(d.Value!.Value * scale)) : Dim.Unknown;
        }

        return true;
    }

    private bool CheckLength(InferenceContext context, string name, int? length, int expected)
    {
        if (length is { } n && n != expected)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"{name} has {n} values but {expected} axes are resized");
            return false;
        }

        return true;
    }

    private static void SetUnknown(Dim[] result, int[] axes)
    {
        foreach (var a in axes)
        {
            result[a] = Dim.Unknown;
        }
    }

    private int[]? ReadAxes(InferenceContext context, int rank)
    {
        if (Attributes.GetInts("axes") is not { } raw)
        {
            return [.. Enumerable.Range(0, rank)];
        }

        var axes = new int[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            if (!ShapeHelpers.TryNormalizeAxis(raw[i], rank, out axes[i]) || Array.IndexOf(axes, axes[i], 0, i) >= 0)
            {
                context.Error(this, InferenceCodes.BadAttributeValue, $"axes {NnDims.Show(raw.Select(Dim.Of))} are out of range or repeated for rank {rank}");
                return null;
            }
        }

        return axes;
    }

    /// <summary>True when an optional input is present and not an empty tensor (older exporters pass empty scales).</summary>
    private bool IsGiven(InferenceContext context, int index)
    {
        if (Input(index) is not { } v)
        {
            return false;
        }

        if (context.TryGetConstant(v, out var data))
        {
            return data.ElementCount != 0;
        }

        return !(v.Type is TensorType t && t.ElementCount == 0);
    }

    private int? StaticLength(int index) =>
        this.InputDims(index) is [{ IsStatic: true } d] ? (int)d.Value!.Value : null;

    private bool ValidateModes(InferenceContext context, out string policy)
    {
        policy = Attributes.GetString("keep_aspect_ratio_policy", "stretch");
        var mode = Attributes.GetString("mode", "nearest");
        var transform = Attributes.GetString("coordinate_transformation_mode", "half_pixel");
        var nearest = Attributes.GetString("nearest_mode", "round_prefer_floor");
        string? bad = policy is not ("stretch" or "not_larger" or "not_smaller") ? $"keep_aspect_ratio_policy '{policy}'"
            : mode is not ("nearest" or "linear" or "cubic") ? $"mode '{mode}'"
            : transform is not ("half_pixel" or "half_pixel_symmetric" or "pytorch_half_pixel" or "align_corners" or "asymmetric"
                or "tf_crop_and_resize" or "tf_half_pixel_for_nn") ? $"coordinate_transformation_mode '{transform}'"
            : nearest is not ("round_prefer_floor" or "round_prefer_ceil" or "floor" or "ceil") ? $"nearest_mode '{nearest}'"
            : null;
        if (bad is not null)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"{bad} is not supported");
            return false;
        }

        return true;
    }
}
