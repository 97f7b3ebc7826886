using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Formats;
using Qc.Ir.Graph;

namespace Qc.Passes.Quantization;

/// <summary>Applies a per-layer quantization plan to the graph IR: weights become <c>DequantizeLinear</c> of stored codes
/// (exact QDQ) or their dequantized values (fake-quant), data inputs get <c>QuantizeLinear → DequantizeLinear</c>.</summary>
/// <remarks>
/// Weights: int8/uint8 and int4/uint4, per-tensor, per-channel or grouped (ONNX blocked quantization, <c>block_size</c>),
/// are stored as i8/u8/i4/u4 constants; int2/int3 (uint2/uint3) codes are stored in i8 (u8) constants, whose values stay in
/// the 2/3-bit range; fp8 e4m3/e5m2 (any granularity) as f8 constants. Scales are float32 constants holding the
/// format's rounded scales, so ONNX Runtime's <c>(q − z)·s</c> in float32 is exactly <c>Quantizer.Decode</c>. nf4 and fp4
/// have no DequantizeLinear form at opset 22, so the weight constant is replaced by its dequantized
/// values (fake-quant). Activations: the layer's input 0 goes through QuantizeLinear → DequantizeLinear with the scale and
/// zero point <c>Quantizer.ComputeParameters</c> gives for the calibrated range (the same input with the same parameters
/// shares one pair). The module is rewritten in place and the new ops typed; problems are QC43xx diagnostics and leave that layer
/// unchanged. Registered as <c>quantize-layers</c>. See specs/passes.md.
/// </remarks>
public static class QuantizeLayersPass
{
    /// <summary>The pass name.</summary>
    public const string Name = "quantize-layers";

    /// <summary>Rewrites <paramref name="module"/> by <paramref name="plan"/> (layer name → decision).</summary>
    public static QuantizationResult Run(GraphModule module, IReadOnlyDictionary<string, LayerQuantization> plan)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(plan);
        var bag = new DiagnosticBag();
        var rewriter = new Rewriter(module, bag);
        var layers = new Dictionary<string, Op>(StringComparer.Ordinal);
        var others = new Dictionary<string, Op>(StringComparer.Ordinal);
        foreach (var op in module.Main.AllOps())
        {
            (WeightLayer.IsLayerType(op) ? layers : others).TryAdd(WeightLayer.NameOf(op), op);
        }

        foreach (var name in plan.Keys.Where(k => !layers.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            if (others.TryGetValue(name, out var other))
            {
                bag.ReportNotWeightBearing(name, other is OpaqueOp o ? o.OpType : other.Schema.OpType, "it is not a Conv, ConvTranspose, Gemm or MatMul");
            }
            else
            {
                bag.ReportUnknownLayer(name);
            }
        }

        var records = new List<LayerQuantizationRecord>();
        foreach (var op in module.Main.AllOps().ToList())
        {
            if (!WeightLayer.IsLayerType(op) || !plan.TryGetValue(WeightLayer.NameOf(op), out var decision)
                || !ReferenceEquals(layers[WeightLayer.NameOf(op)], op))
            {
                continue;
            }

            if (WeightLayer.TryCreate(op, out var why) is not { } layer)
            {
                bag.ReportNotWeightBearing(WeightLayer.NameOf(op), op.Schema.OpType, why!);
                continue;
            }

            if (rewriter.Apply(layer, decision) is { } record)
            {
                records.Add(record);
            }
        }

        rewriter.Finish();
        return new QuantizationResult([.. records], [.. bag]);
    }

    /// <summary>The rewriting state of one run: new ops per graph and position, shared activation pairs.</summary>
    private sealed class Rewriter(GraphModule module, DiagnosticBag bag)
    {
        private readonly Dictionary<Graph, List<Op>> _newConstants = [];
        private readonly Dictionary<Op, List<Op>> _before = [];
        private readonly Dictionary<(Value Input, float Scale, int Zero, string Format), Value> _activationPairs = [];
        private readonly HashSet<ConstantOp> _replacedWeights = [];

        public LayerQuantizationRecord? Apply(WeightLayer layer, LayerQuantization decision)
        {
            var op = layer.Op;
            var graph = op.Parent!;
            ActivationRecord? activation = null;
            if (decision.Activation is { } a)
            {
                if (!CheckActivation(layer, a))
                {
                    return null;
                }
            }

            NumberFormat? format = null;
            QuantizedTensor? quantized = null;
            var layout = EncodedLayout.Stored;
            if (decision.Encoded is { } pre)
            {
                if (LayoutOf(pre, layer.Data) is not { } l)
                {
                    bag.ReportFormatDoesNotFit(layer.Name, pre.Encoded.Format.ToText(),
                        $"the given encoding has shape [{string.Join(", ", pre.Encoded.Dims)}]{(pre.Transposed ? " (transposed)" : string.Empty)}, the weight [{string.Join(", ", layer.Data.Dims)}]");
                    return null;
                }

                layout = l;
                quantized = pre.Encoded;
                format = quantized.Format;
            }
            else if (decision.Weights is { } requested)
            {
                format = Resolve(requested, layer, decision.ExplicitGroupAxis);
                try
                {
                    quantized = Quantizer.Encode(layer.Data, format);
                }
                catch (ArgumentException e)
                {
                    bag.ReportFormatDoesNotFit(layer.Name, requested.ToText(), e.Message);
                    return null;
                }
            }

            if (decision.Activation is { } act)
            {
                activation = QuantizeInput(layer, act);
            }

            var f32Bytes = layer.Data.ElementCount * 4;
            if (quantized is null || format is null)
            {
                return new LayerQuantizationRecord(layer.Name, op.Schema.OpType, layer.Weight.Constant.Name, null, WeightRealization.None,
                    "f32", f32Bytes, f32Bytes, null, null, activation);
            }

            var stored = quantized.Cost.SerializedBytes;
            var weightName = layer.Weight.Result.Name;
            Value replacement;
            WeightRealization realization;
            string storage;
            if (CodesType(format) is { } codesType)
            {
                var codes = ConstantOf(graph, weightName + "_quantized", CodesTensor(quantized, codesType));
                var scaleDims = quantized.Parameters.Dims.AsSpan();
                var scale = ConstantOf(graph, weightName + "_scale", TensorData.Create<float>(scaleDims, quantized.Parameters.Scales.AsSpan()));
                Value? zero = null;
                if (format is IntegerFormat { Symmetric: false })
                {
                    zero = ConstantOf(graph, weightName + "_zero_point", ZeroPointTensor(quantized.Parameters.ZeroPoints.AsSpan(), scaleDims, codesType));
                }

                var rank = quantized.Dims.Length;
                var (axis, block) = format.Granularity switch
                {
                    PerChannel p => (Normalize(p.Axis, rank), 0),
                    Grouped g => (Normalize(g.Axis, rank), g.Size),
                    _ => (1, 0),
                };
                var dq = AddBefore(op, "DequantizeLinear", zero is null ? [codes, scale] : [codes, scale, zero],
                    AttributeMap.Empty.With("axis", new IntAttr(axis)).With("block_size", new IntAttr(block)),
                    weightName + (layout == EncodedLayout.Stored ? "_dequantized" : "_dequantized_view"));
                replacement = layout switch
                {
                    EncodedLayout.Reshaped => AddBefore(op, "Reshape",
                        [dq.Result, ConstantOf(graph, weightName + "_shape", TensorData.Create<long>([layer.Data.Rank], layer.Data.Dims.AsSpan()))],
                        AttributeMap.Empty.With("allowzero", new IntAttr(0)), weightName + "_dequantized").Result,
                    EncodedLayout.Transposed => AddBefore(op, "Transpose", [dq.Result],
                        AttributeMap.Empty.With("perm", new IntsAttr([1, 0])), weightName + "_dequantized").Result,
                    _ => dq.Result,
                };
                realization = WeightRealization.Dequantize;
                storage = codesType.Name();
            }
            else
            {
                replacement = ConstantOf(graph, weightName + "_fakequant", StoredLayout(Quantizer.DecodeToArray(quantized), quantized, layout, layer.Data));
                realization = WeightRealization.FakeQuant;
                storage = "f32";
            }

            op.SetInput(1, replacement);
            _replacedWeights.Add(layer.Weight);
            return new LayerQuantizationRecord(layer.Name, op.Schema.OpType, layer.Weight.Constant.Name, format, realization, storage,
                stored, f32Bytes, quantized.Parameters, replacement.Name, activation);
        }

        /// <summary>Orders the new ops, drops weight constants nothing reads any more, and re-types the module.</summary>
        public void Finish()
        {
            Reorder(module.Main);
            var used = new HashSet<Value>();
            foreach (var op in module.Main.AllOps())
            {
                foreach (var i in op.Inputs)
                {
                    if (i is not null)
                    {
                        used.Add(i);
                    }
                }
            }

            CollectOutputs(module.Main, used);
            foreach (var w in _replacedWeights.Where(w => !used.Contains(w.Result)))
            {
                w.Parent!.Remove(w);
                if (!module.Main.AllOps().OfType<ConstantOp>().Any(c => c.Constant == w.Constant))
                {
                    module.Constants.Remove(w.Constant.Name);
                }
            }

            // Type the new ops only: the rest of the module keeps its types (a weight's dequantized value has the weight's type,
            // an activation's the input's), and problems elsewhere in the model are not this pass's to report.
            var context = new InferenceContext(module, bag);
            foreach (var op in _newConstants.Values.SelectMany(l => l).Concat(_before.Values.SelectMany(l => l)))
            {
                op.InferTypes(context);
            }
        }

        private static void CollectOutputs(Graph g, HashSet<Value> used)
        {
            used.UnionWith(g.Outputs);
            foreach (var op in g.Ops)
            {
                foreach (var r in op.Regions)
                {
                    CollectOutputs(r.Body, used);
                }
            }
        }

        /// <summary>Places new constants after a graph's leading constants and other new ops right before their layer.</summary>
        private void Reorder(Graph graph)
        {
            foreach (var op in graph.Ops)
            {
                foreach (var r in op.Regions)
                {
                    Reorder(r.Body);
                }
            }

            _newConstants.TryGetValue(graph, out var constants);
            var inserted = new HashSet<Op>(constants ?? []);
            foreach (var list in _before.Values)
            {
                inserted.UnionWith(list);
            }

            var original = graph.Ops.Where(o => !inserted.Contains(o)).ToList();
            var result = new List<Op>(graph.Ops.Count);
            var leading = original.TakeWhile(o => o is ConstantOp).ToList();
            result.AddRange(leading);
            result.AddRange(constants ?? []);
            foreach (var op in original.Skip(leading.Count))
            {
                if (_before.TryGetValue(op, out var list))
                {
                    result.AddRange(list);
                }

                result.Add(op);
            }

            graph.SetOps(result);
        }

        private bool CheckActivation(WeightLayer layer, ActivationQuantization a)
        {
            if (a.Format is not { Granularity: PerTensor, Bits: 4 or 8 } || a.Format.Scale == ScalePrecision.E8M0)
            {
                bag.ReportUnsupportedActivationFormat(layer.Name, a.Format.ToText());
                return false;
            }

            if (layer.Op.Input(0)?.TensorType is not { ElementType: ElementType.F32 })
            {
                bag.ReportNotWeightBearing(layer.Name, layer.Op.Schema.OpType, "its data input (input 0) is not a float32 tensor, so it cannot be quantized");
                return false;
            }

            if (!float.IsFinite(a.Min) || !float.IsFinite(a.Max) || a.Min > a.Max)
            {
                bag.ReportBadActivationRange(layer.Name, a.Min, a.Max);
                return false;
            }

            return true;
        }

        private ActivationRecord QuantizeInput(WeightLayer layer, ActivationQuantization a)
        {
            var op = layer.Op;
            var input = op.Input(0)!;
            var p = ActivationParameters(a);
            var scale = p.Scales[0];
            var zero = p.ZeroPoints.IsEmpty ? 0 : p.ZeroPoints[0];
            var key = (input, scale, zero, a.Format.ToText());
            if (!_activationPairs.TryGetValue(key, out var dequantized))
            {
                var graph = op.Parent!;
                var codesType = a.Format.Signed ? (a.Format.Bits == 4 ? ElementType.I4 : ElementType.I8) : (a.Format.Bits == 4 ? ElementType.U4 : ElementType.U8);
                var s = ConstantOf(graph, input.Name + "_act_scale", TensorData.Scalar(scale));
                var z = ConstantOf(graph, input.Name + "_act_zero_point", ZeroPointTensor([zero], [], codesType));
                var qAttrs = AttributeMap.Empty.With("axis", new IntAttr(1)).With("block_size", new IntAttr(0))
                    .With("output_dtype", new IntAttr(0)).With("saturate", new IntAttr(1));
                var q = AddBefore(op, "QuantizeLinear", [input, s, z], qAttrs, input.Name + "_quantized");
                var dq = AddBefore(op, "DequantizeLinear", [q.Result, s, z],
                    AttributeMap.Empty.With("axis", new IntAttr(1)).With("block_size", new IntAttr(0)), input.Name + "_dequantized");
                dequantized = dq.Result;
                _activationPairs[key] = dequantized;
            }

            op.SetInput(0, dequantized);
            return new ActivationRecord(input.Name, a.Format, scale, zero, dequantized.Name);
        }

        /// <summary>Scale and zero point for a calibrated range: <c>Quantizer.ComputeParameters</c> of the tensor [min, max].</summary>
        internal static QuantizationParameters ActivationParameters(ActivationQuantization a) =>
            Quantizer.ComputeParameters(TensorData.Create<float>([2], [a.Min, a.Max]), a.Format);

        private Value ConstantOf(Graph graph, string preferred, TensorData data)
        {
            var entry = module.Constants.Add(preferred, data);
            var c = ConstantOp.Create(module, graph, entry, entry.Name);
            if (!_newConstants.TryGetValue(graph, out var list))
            {
                list = [];
                _newConstants[graph] = list;
            }

            list.Add(c);
            return c.Result;
        }

        private Op AddBefore(Op consumer, string opType, Value[] inputs, AttributeMap attributes, string resultName)
        {
            if (!OpRegistry.Default.TryGetOnnx(string.Empty, opType, out var schema))
            {
                throw new InvalidOperationException($"the op registry has no {opType}");
            }

            var op = module.AddOp(consumer.Parent!, schema, inputs, attributes, [resultName]);
            if (!_before.TryGetValue(consumer, out var list))
            {
                list = [];
                _before[consumer] = list;
            }

            list.Add(op);
            return op;
        }
    }

    /// <summary>How a given encoding's element order relates to the stored weight.</summary>
    private enum EncodedLayout
    {
        /// <summary>The encoding has the weight's shape.</summary>
        Stored,

        /// <summary>Another shape with the same row-major order (a Conv weight as its [M, C/g·kh·kw] matrix).</summary>
        Reshaped,

        /// <summary>The transpose of a 2-D weight (a MatMul [K, N] weight as its [N, K] matrix).</summary>
        Transposed,
    }

    private static EncodedLayout? LayoutOf(PrecomputedWeight pre, TensorData weight)
    {
        var dims = pre.Encoded.Dims.AsSpan();
        if (pre.Transposed)
        {
            return weight.Rank == 2 && dims.Length == 2 && dims[0] == weight.Dims[1] && dims[1] == weight.Dims[0] ? EncodedLayout.Transposed : null;
        }

        if (dims.SequenceEqual(weight.Dims.AsSpan()))
        {
            return EncodedLayout.Stored;
        }

        return pre.Encoded.ElementCount == weight.ElementCount && dims.Length > 0 ? EncodedLayout.Reshaped : null;
    }

    /// <summary>Decoded values of an encoding as a tensor of the weight's shape.</summary>
    private static TensorData StoredLayout(float[] decoded, QuantizedTensor q, EncodedLayout layout, TensorData weight)
    {
        if (layout == EncodedLayout.Transposed)
        {
            var rows = (int)q.Dims[0];
            var cols = (int)q.Dims[1];
            var t = new float[decoded.Length];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    t[(c * rows) + r] = decoded[(r * cols) + c];
                }
            }

            decoded = t;
        }

        return TensorData.Create<float>(weight.Dims.AsSpan(), decoded);
    }

    /// <summary>The format with its group axis on the layer's reduced axis (unless the decision keeps the written axis).</summary>
    internal static NumberFormat Resolve(NumberFormat format, WeightLayer layer, bool explicitAxis) =>
        format.Granularity is Grouped g && !explicitAxis && g.Axis != layer.ReducedAxis
            ? format with { Granularity = g with { Axis = layer.ReducedAxis } }
            : format;

    /// <summary>The element type of a DequantizeLinear constant holding the format's codes, or null for fake-quant.</summary>
    /// <remarks>Measured on ONNX Runtime 1.30 (Qc.Passes.Tests, OrtQdqTests): DequantizeLinear runs i8/u8/i4/u4 and
    /// f8e4m3fn/f8e5m2 per-tensor, per-axis and blocked, bit-exactly as <c>Quantizer.Decode</c>. fp4 (FLOAT4E2M1) needs
    /// opset 23 and nf4 has no ONNX type, so both are fake-quant.</remarks>
    internal static ElementType? CodesType(NumberFormat format) => format switch
    {
        IntegerFormat { Bits: 4, Signed: true } => ElementType.I4,
        IntegerFormat { Bits: 4, Signed: false } => ElementType.U4,
        IntegerFormat { Signed: true } => ElementType.I8,
        IntegerFormat { Signed: false } => ElementType.U8,
        TableFormat { Kind: TableKind.Fp8E4M3 } => ElementType.F8E4M3FN,
        TableFormat { Kind: TableKind.Fp8E5M2 } => ElementType.F8E5M2,
        _ => null,
    };

    /// <summary>The codes as a tensor of <paramref name="type"/>: packed 4-bit and 8-bit codes as stored, 2/3-bit codes widened to bytes.</summary>
    private static TensorData CodesTensor(QuantizedTensor q, ElementType type)
    {
        var dims = q.Dims.AsSpan();
        if (q.Format.CodeBits == type.BitWidth())
        {
            return TensorData.FromBytes(type, dims, q.Codes.ToArray());
        }

        var n = checked((int)q.ElementCount);
        var bytes = new byte[n];
        for (var i = 0; i < n; i++)
        {
            bytes[i] = unchecked((byte)q.Code(i));
        }

        return TensorData.FromBytes(type, dims, bytes);
    }

    /// <summary>Zero points as a tensor of the codes' type (two per byte, low nibble first, for 4-bit types).</summary>
    private static TensorData ZeroPointTensor(ReadOnlySpan<int> zeros, ReadOnlySpan<long> dims, ElementType type)
    {
        var bytes = new byte[type.ByteCount(zeros.Length)];
        for (var i = 0; i < zeros.Length; i++)
        {
            if (type.BitWidth() == 4)
            {
                bytes[i / 2] |= (byte)((zeros[i] & 0xF) << (4 * (i % 2)));
            }
            else
            {
                bytes[i] = unchecked((byte)zeros[i]);
            }
        }

        return TensorData.FromBytes(type, dims, bytes);
    }

    private static int Normalize(int axis, int rank) => axis < 0 ? axis + rank : axis;
}
