using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Onnx.Import;

/// <summary>Upgrades of old ONNX op versions to the newest semantics, which the graph IR follows.</summary>
/// <remarks>
/// Attributes that later versions turned into inputs become constant inputs named after the node
/// (<c>{node}_starts</c>, ...); Upsample and Resize-10 become Resize; Softmax, LogSoftmax and Hardmax before opset 13,
/// whose axis flattened the input to 2-D, become Flatten + op(axis = -1) + Reshape unless the axis is the last one;
/// legacy broadcasting (opset &lt; 7) gets explicit unit axes. See specs/onnx-import.md for the whole list.
/// </remarks>
internal sealed partial class ModelImporter
{
    private enum UpgradeKind
    {
        /// <summary>The form was rewritten in place (or needed nothing); finish it as one op.</summary>
        Continue,

        /// <summary>The upgrade created the ops and bound the outputs itself.</summary>
        Done,

        /// <summary>The node cannot be upgraded and stays opaque.</summary>
        Opaque,
    }

    private readonly record struct UpgradeOutcome(UpgradeKind Kind, string? Reason = null)
    {
        public static UpgradeOutcome Continue => new(UpgradeKind.Continue);

        public static UpgradeOutcome Done => new(UpgradeKind.Done);

        public static UpgradeOutcome Opaque(string reason) => new(UpgradeKind.Opaque, reason);
    }

    private static readonly Dictionary<string, int> s_legacyCastNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FLOAT"] = 1, ["UINT8"] = 2, ["INT8"] = 3, ["UINT16"] = 4, ["INT16"] = 5, ["INT32"] = 6, ["INT64"] = 7, ["STRING"] = 8,
        ["BOOL"] = 9, ["FLOAT16"] = 10, ["DOUBLE"] = 11, ["UINT32"] = 12, ["UINT64"] = 13, ["COMPLEX64"] = 14, ["COMPLEX128"] = 15,
        ["BFLOAT16"] = 16,
    };

    private UpgradeOutcome Upgrade(NodeForm f)
    {
        if (f.Domain.Length != 0)
        {
            return UpgradeOutcome.Continue;
        }

        var v = f.Version.Since;
        switch (f.OpType)
        {
            case "Add" or "Sub" or "Mul" or "Div" or "Pow" or "And" or "Or" or "Xor" or "Equal" or "Greater" or "Less" when v < 7:
                return LegacyBroadcast(f);
            case "Gemm" when v < 7:
                f.Attributes.Remove("broadcast");
                return UpgradeOutcome.Continue;
            case "PRelu" when v < 7:
                return LegacyPReluSlope(f);
            case "BatchNormalization" when v < 14:
                return LegacyBatchNormalization(f);
            case "Dropout" when v < 12:
                return LegacyDropout(f);
            case "Clip" when v < 11:
                return LegacyClip(f);
            case "Pad" when v < 11:
                return LegacyPad(f);
            case "Slice" when v < 10:
                return LegacySlice(f);
            case "Squeeze" or "Unsqueeze" when v < 13:
                return AxesToInput(f);
            case "ReduceSum" when v < 13:
                return AxesToInput(f);
            case "ReduceL1" or "ReduceL2" or "ReduceLogSum" or "ReduceLogSumExp" or "ReduceMax" or "ReduceMean" or "ReduceMin"
                or "ReduceProd" or "ReduceSumSquare" when v < 18:
                return AxesToInput(f);
            case "Split" when v < 18:
                return LegacySplit(f);
            case "TopK" when v < 10:
                return AttributeToInput(f, "k", k => I64(((IntAttr)k).Value));
            case "Softmax" or "LogSoftmax" or "Hardmax" when v < 13:
                return LegacySoftmax(f);
            case "Upsample":
            case "Resize" when v < 11:
                return UpsampleToResize(f);
            case "Reshape" when v < 5:
                return f.Attributes.ContainsKey("shape")
                    ? AttributeToInput(f, "shape", s => I64([.. ((IntsAttr)s).Values]))
                    : UpgradeOutcome.Opaque("Reshape version 1 without a 'shape' attribute");
            case "Cast" when v < 6:
                return LegacyCast(f);
            case "Concat" when v < 4:
                f.Attributes.TryAdd("axis", new IntAttr(1));
                return UpgradeOutcome.Continue;
            case "DFT" when v < 20:
                return LegacyDft(f);
            case "GridSample" when v < 20:
                if (f.Attributes.TryGetValue("mode", out var mode) && mode is StringAttr { Value: "bilinear" or "bicubic" } m)
                {
                    f.Attributes["mode"] = new StringAttr(m.Value == "bilinear" ? "linear" : "cubic");
                }

                return UpgradeOutcome.Continue;
            case "Scan" when v < 9:
                return UpgradeOutcome.Opaque("Scan version 8 has a batch axis and sequence lengths, which later versions dropped");
            case "Tile" when v < 6:
                return UpgradeOutcome.Opaque("Tile version 1 takes 'tiles' and 'axis' inputs, which later versions replaced");
            case "LSTM" or "GRU" or "RNN" when v < 7:
                f.Attributes.Remove("output_sequence");
                return UpgradeOutcome.Continue;
            default:
                return UpgradeOutcome.Continue;
        }
    }

    /// <summary>Opset &lt; 7 broadcasting: with <c>broadcast = 1</c>, B's dims align with A's starting at <c>axis</c> (default: the suffix).</summary>
    private UpgradeOutcome LegacyBroadcast(NodeForm f)
    {
        var broadcast = Take(f, "broadcast") as IntAttr;
        var axis = Take(f, "axis") as IntAttr;
        if (broadcast?.Value != 1 || axis is null || f.Inputs.Count < 2 || f.Inputs[1] is not { } b)
        {
            return UpgradeOutcome.Continue;
        }

        if (RankOf(f.Inputs[0]) is not { } ra || RankOf(b) is not { } rb)
        {
            _bag.ReportLegacyAttribute(f.Location, f.OpType, "axis", "could not be resolved because the input ranks are unknown; numpy broadcasting is assumed");
            return UpgradeOutcome.Continue;
        }

        var start = axis.Value < 0 ? axis.Value + ra : axis.Value;
        var trailing = ra - start - rb;
        if (start < 0 || trailing < 0)
        {
            _bag.ReportLegacyAttribute(f.Location, f.OpType, "axis", "does not fit the input ranks; numpy broadcasting is assumed");
            return UpgradeOutcome.Continue;
        }

        if (trailing == 0)
        {
            return UpgradeOutcome.Continue;
        }

        var axes = Enumerable.Range(rb, (int)trailing).Select(i => (long)i).ToArray();
        if (InsertUnitAxes(f, b, axes, "B") is not { } nb)
        {
            return UpgradeOutcome.Opaque("legacy broadcasting needs 'graph.unsqueeze'");
        }

        f.Inputs[1] = nb;
        return UpgradeOutcome.Continue;
    }

    /// <summary>PRelu before opset 7 applied a 1-D slope per channel (axis 1); later versions broadcast it from the right.</summary>
    private UpgradeOutcome LegacyPReluSlope(NodeForm f)
    {
        if (f.Inputs.Count < 2 || f.Inputs[1] is not { } slope || slope.Type is not TensorType { Dims: { Length: 1 } sd })
        {
            return UpgradeOutcome.Continue;
        }

        if (RankOf(f.Inputs[0]) is not { } rx)
        {
            _bag.ReportLegacyAttribute(f.Location, "PRelu", "slope", "broadcasting could not be resolved because the input rank is unknown; numpy broadcasting is assumed");
            return UpgradeOutcome.Continue;
        }

        if (rx < 3 || sd[0].Value == 1)
        {
            return UpgradeOutcome.Continue;
        }

        var axes = Enumerable.Range(1, rx - 2).Select(i => (long)i).ToArray();
        if (InsertUnitAxes(f, slope, axes, "slope") is not { } ns)
        {
            return UpgradeOutcome.Opaque("the per-channel slope needs 'graph.unsqueeze'");
        }

        f.Inputs[1] = ns;
        return UpgradeOutcome.Continue;
    }

    private UpgradeOutcome LegacyBatchNormalization(NodeForm f)
    {
        if (f.Attributes.TryGetValue("spatial", out var spatial) && spatial is IntAttr { Value: 0 })
        {
            return UpgradeOutcome.Opaque("'spatial' = 0 (per-activation statistics) has no equivalent in later versions");
        }

        if (f.Attributes.TryGetValue("is_test", out var isTest) && isTest is IntAttr { Value: 0 } && f.Node.Attribute.Any(a => a.Name == "is_test"))
        {
            _bag.ReportLegacyAttribute(f.Location, "BatchNormalization", "is_test", "= 0 selects training mode; the op is imported in inference mode");
        }

        f.Attributes.Remove("is_test");
        f.Attributes.Remove("spatial");
        return UpgradeOutcome.Continue;
    }

    private UpgradeOutcome LegacyDropout(NodeForm f)
    {
        if (f.Attributes.TryGetValue("is_test", out var isTest) && isTest is IntAttr { Value: 0 } && f.Node.Attribute.Any(a => a.Name == "is_test"))
        {
            _bag.ReportLegacyAttribute(f.Location, "Dropout", "is_test", "= 0 selects training mode; the op is imported in inference mode");
        }

        f.Attributes.Remove("is_test");
        if (Take(f, "ratio") is FloatAttr ratio)
        {
            SetInput(f, 1, ConstInput(f, "ratio", TensorData.Scalar(ratio.Value)));
        }

        return UpgradeOutcome.Continue;
    }

    private UpgradeOutcome LegacyClip(NodeForm f)
    {
        var min = Take(f, "min") as FloatAttr;
        var max = Take(f, "max") as FloatAttr;
        var elem = ElementOf(f.Inputs[0], ElementType.F32);
        if (min is not null)
        {
            SetInput(f, 1, ConstInput(f, "min", ScalarOf(elem, min.Value)));
        }

        if (max is not null)
        {
            SetInput(f, 2, ConstInput(f, "max", ScalarOf(elem, max.Value)));
        }

        return UpgradeOutcome.Continue;
    }

    private UpgradeOutcome LegacyPad(NodeForm f)
    {
        var pads = (Take(f, "pads") ?? Take(f, "paddings")) as IntsAttr;
        var value = Take(f, "value") as FloatAttr;
        if (pads is null)
        {
            return UpgradeOutcome.Opaque("no 'pads' attribute");
        }

        SetInput(f, 1, ConstInput(f, "pads", I64([.. pads.Values])));
        var mode = f.Attributes.TryGetValue("mode", out var m) && m is StringAttr s ? s.Value : "constant";
        if (mode == "constant" && value is { Value: not 0f })
        {
            SetInput(f, 2, ConstInput(f, "value", ScalarOf(ElementOf(f.Inputs[0], ElementType.F32), value.Value)));
        }

        return UpgradeOutcome.Continue;
    }

    private UpgradeOutcome LegacySlice(NodeForm f)
    {
        var starts = Take(f, "starts") as IntsAttr;
        var ends = Take(f, "ends") as IntsAttr;
        var axes = Take(f, "axes") as IntsAttr;
        if (starts is null || ends is null)
        {
            return UpgradeOutcome.Opaque("no 'starts' or 'ends' attribute");
        }

        SetInput(f, 1, ConstInput(f, "starts", I64([.. starts.Values])));
        SetInput(f, 2, ConstInput(f, "ends", I64([.. ends.Values])));
        if (axes is not null)
        {
            SetInput(f, 3, ConstInput(f, "axes", I64([.. axes.Values])));
        }

        return UpgradeOutcome.Continue;
    }

    /// <summary>Squeeze, Unsqueeze and the reductions: the <c>axes</c> attribute becomes the second input.</summary>
    private UpgradeOutcome AxesToInput(NodeForm f)
    {
        if (Take(f, "axes") is IntsAttr { Values.Length: > 0 } axes)
        {
            SetInput(f, 1, ConstInput(f, "axes", I64([.. axes.Values])));
        }
        else if (f.OpType == "Unsqueeze")
        {
            return UpgradeOutcome.Opaque("Unsqueeze without axes");
        }

        return UpgradeOutcome.Continue;
    }

    private UpgradeOutcome AttributeToInput(NodeForm f, string name, Func<AttributeValue, TensorData> data)
    {
        if (Take(f, name) is { } value)
        {
            SetInput(f, 1, ConstInput(f, name, data(value)));
        }

        return UpgradeOutcome.Continue;
    }

    /// <summary>Split before opset 13 took <c>split</c> as an attribute; before 18 an absent split meant "as many equal parts as outputs".</summary>
    private UpgradeOutcome LegacySplit(NodeForm f)
    {
        if (Take(f, "split") is IntsAttr split && (f.Inputs.Count < 2 || f.Inputs[1] is null))
        {
            SetInput(f, 1, ConstInput(f, "split", I64([.. split.Values])));
        }

        if (f.Inputs.Count < 2 || f.Inputs[1] is null)
        {
            f.Attributes["num_outputs"] = new IntAttr(f.ResultNames.Count);
        }

        return UpgradeOutcome.Continue;
    }

    /// <summary>Softmax, LogSoftmax and Hardmax before opset 13 flattened the input to 2-D at <c>axis</c>.</summary>
    private UpgradeOutcome LegacySoftmax(NodeForm f)
    {
        var axis = f.Attributes.TryGetValue("axis", out var a) && a is IntAttr ia ? ia.Value : 1;
        var x = f.Inputs[0];
        if (RankOf(x) is { } rank && ShapeHelpers.TryNormalizeAxis(axis, rank, out var normalized) && normalized == rank - 1)
        {
            f.Attributes["axis"] = new IntAttr(axis);
            return UpgradeOutcome.Continue;
        }

        var staticShape = (x?.Type as TensorType)?.StaticDims;
        if (x is null || !HasIr("Flatten") || !HasIr("Reshape") || !HasIr(f.OpType) || (staticShape is null && !HasIr("Shape")))
        {
            return UpgradeOutcome.Opaque("the flatten-to-2-D semantics need 'graph.flatten', 'graph.reshape' and 'graph.shape'");
        }

        var flat = EmitIr(f, "Flatten", [x], [("axis", new IntAttr(axis))], FreshName(f.Label + "_2d"));
        var y = EmitIr(f, f.OpType, [flat], [("axis", new IntAttr(-1))], FreshName(f.Label + "_2d_out"));
        var shape = staticShape is not null ? ConstInput(f, "shape", I64(staticShape)) : EmitIr(f, "Shape", [x], [], FreshName(f.Label + "_shape"));
        var reshape = EmitIr(f, "Reshape", [y, shape], [], f.ResultNames[0], NodeNameOf(f.Node));
        Register(reshape.Producer!, f.OnnxNames, f.Scope);
        return UpgradeOutcome.Done;
    }

    /// <summary>Upsample (7, 9) and Resize-10 become Resize with scales and the asymmetric, floor-rounding coordinates they used.</summary>
    private UpgradeOutcome UpsampleToResize(NodeForm f)
    {
        var mode = f.Attributes.TryGetValue("mode", out var m) && m is StringAttr s ? s.Value : "nearest";
        if (mode == "bilinear")
        {
            mode = "linear";
        }

        Value? scales;
        if (f.OpType == "Upsample" && f.Version.Since < 7)
        {
            var h = (f.Attributes.GetValueOrDefault("height_scale") as FloatAttr)?.Value ?? 1f;
            var w = (f.Attributes.GetValueOrDefault("width_scale") as FloatAttr)?.Value ?? 1f;
            scales = ConstInput(f, "scales", TensorData.Create<float>([4], [1f, 1f, h, w]));
        }
        else if (f.OpType == "Upsample" && f.Version.Since < 9)
        {
            if (f.Attributes.GetValueOrDefault("scales") is not FloatsAttr sa)
            {
                return UpgradeOutcome.Opaque("no 'scales' attribute");
            }

            scales = ConstInput(f, "scales", TensorData.Create<float>([sa.Values.Length], sa.Values.AsSpan()));
        }
        else
        {
            scales = f.Inputs.Count > 1 ? f.Inputs[1] : null;
        }

        f.OpType = "Resize";
        f.Inputs = [f.Inputs[0], null, scales];
        f.Attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            ["mode"] = new StringAttr(mode),
            ["coordinate_transformation_mode"] = new StringAttr("asymmetric"),
        };
        if (mode == "nearest")
        {
            f.Attributes["nearest_mode"] = new StringAttr("floor");
        }

        return UpgradeOutcome.Continue;
    }

    private static UpgradeOutcome LegacyCast(NodeForm f)
    {
        if (f.Attributes.GetValueOrDefault("to") is StringAttr to)
        {
            if (!s_legacyCastNames.TryGetValue(to.Value, out var type))
            {
                return UpgradeOutcome.Opaque($"unknown data type '{to.Value}' in 'to'");
            }

            f.Attributes["to"] = new IntAttr(type);
        }

        return UpgradeOutcome.Continue;
    }

    /// <summary>DFT-17 took the axis as an attribute (default 1); DFT-20 takes it as the third input.</summary>
    private UpgradeOutcome LegacyDft(NodeForm f)
    {
        var axis = Take(f, "axis") is IntAttr a ? a.Value : 1;
        SetInput(f, 2, ConstInput(f, "axis", TensorData.Scalar(axis)));
        return UpgradeOutcome.Continue;
    }

    /// <summary>Inserts size-1 axes into a value (Unsqueeze), for broadcasting fix-ups. Null when the IR has no Unsqueeze.</summary>
    private Value? InsertUnitAxes(NodeForm f, Value value, long[] axes, string suffix)
    {
        if (!HasIr("Unsqueeze"))
        {
            return null;
        }

        var axesValue = ConstInput(f, suffix + "_axes", I64(axes));
        return EmitIr(f, "Unsqueeze", [value, axesValue], [], FreshName(f.Label + "_" + suffix));
    }

    private static AttributeValue? Take(NodeForm f, string name) => f.Attributes.Remove(name, out var value) ? value : null;

    private static void SetInput(NodeForm f, int index, Value value)
    {
        while (f.Inputs.Count <= index)
        {
            f.Inputs.Add(null);
        }

        f.Inputs[index] = value;
    }

    /// <summary>Adds a constant created by an upgrade, named after the node (<c>{node}_{suffix}</c>).</summary>
    private Value ConstInput(NodeForm f, string suffix, TensorData data)
    {
        var name = FreshName(f.Label + "_" + suffix);
        var entry = _module.Constants.Add(name, data);
        var op = ConstantOp.Create(_module, f.Scope.Graph, entry, name);
        _locations[op] = f.Location;
        return op.Result;
    }

    /// <summary>Creates a helper IR op for an upgrade, with its attribute defaults filled in. The caller checked <see cref="HasIr"/>.</summary>
    private Value EmitIr(NodeForm f, string opType, Value?[] inputs, (string Name, AttributeValue Value)[] attributes, string resultName,
        string? nodeName = null)
    {
        OpRegistry.Default.TryGetOnnx("", opType, out var schema);
        var attrs = attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
        if (_schemas.Newest("", opType) is { } newest)
        {
            foreach (var spec in newest.Attributes)
            {
                if (spec.Default is not null && schema!.FindAttribute(spec.Name) is not null)
                {
                    attrs.TryAdd(spec.Name, spec.Default);
                }
            }
        }

        return CreateIrOp(schema!, f.Scope.Graph, inputs, attrs, [], [resultName], nodeName, f.Location).Result;
    }

    private static bool HasIr(string opType) => OpRegistry.Default.TryGetOnnx("", opType, out _);

    private static int? RankOf(Value? value) => (value?.Type as TensorType)?.Dims?.Length;

    private static ElementType ElementOf(Value? value, ElementType fallback) =>
        value?.Type is TensorType { ElementType: not ElementType.Unknown } t ? t.ElementType : fallback;

    private static TensorData I64(params long[] values) => TensorData.Create<long>([values.Length], values);

    /// <summary>A scalar of a numeric element type (float types exactly, integers rounded).</summary>
    private static TensorData ScalarOf(ElementType type, double value) => type switch
    {
        ElementType.F64 => TensorData.Scalar(value),
        ElementType.F16 => TensorData.Scalar((Half)value),
        ElementType.BF16 => TensorData.FromBytes(ElementType.BF16, [],
            BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits((float)value) >> 16))),
        ElementType.I8 => TensorData.Scalar((sbyte)Math.Clamp(Math.Round(value), sbyte.MinValue, sbyte.MaxValue)),
        ElementType.U8 => TensorData.Scalar((byte)Math.Clamp(Math.Round(value), byte.MinValue, byte.MaxValue)),
        ElementType.I32 => TensorData.Scalar((int)Math.Clamp(Math.Round(value), int.MinValue, int.MaxValue)),
        ElementType.I64 => TensorData.Scalar((long)Math.Clamp(Math.Round(value), long.MinValue, long.MaxValue)),
        _ => TensorData.Scalar((float)value),
    };
}
