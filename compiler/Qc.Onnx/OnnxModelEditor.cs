using Google.Protobuf;
using Onnx;

namespace Qc.Onnx;

/// <summary>Small edits of serialized ONNX models, for running them in ONNX Runtime (capturing intermediate tensors).</summary>
public static class OnnxModelEditor
{
    /// <summary>Returns a copy of the model whose main graph also outputs the given values.</summary>
    /// <remarks>Names already among the graph outputs are left alone; new outputs carry the value's declared type from
    /// <c>value_info</c>, an input or an initializer when the model has one, and no type otherwise (ONNX Runtime infers it).</remarks>
    /// <param name="model">A serialized <c>ModelProto</c>.</param>
    /// <param name="valueNames">Values of the main graph: node outputs, graph inputs or initializers.</param>
    /// <exception cref="OnnxFormatException">The bytes are not an ONNX model with a graph.</exception>
    /// <exception cref="ArgumentException">A name is not produced by any node, input or initializer of the main graph;
    /// the message lists every such name.</exception>
    public static byte[] AddOutputs(ReadOnlyMemory<byte> model, IEnumerable<string> valueNames)
    {
        ArgumentNullException.ThrowIfNull(valueNames);
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException($"not an ONNX model: {e.Message}");
        }

        var graph = proto.Graph ?? throw new OnnxFormatException("the model has no graph");
        var types = new Dictionary<string, TypeProto>(StringComparer.Ordinal);
        foreach (var vi in graph.ValueInfo.Concat(graph.Input).Concat(graph.Output))
        {
            if (vi.Type is not null)
            {
                types.TryAdd(vi.Name, vi.Type);
            }
        }

        foreach (var t in graph.Initializer)
        {
            types.TryAdd(t.Name, new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = t.DataType, Shape = Shape(t.Dims) } });
        }

        var produced = new HashSet<string>(StringComparer.Ordinal);
        produced.UnionWith(graph.Input.Select(i => i.Name));
        produced.UnionWith(graph.Initializer.Select(i => i.Name));
        produced.UnionWith(graph.SparseInitializer.Select(s => s.Values?.Name ?? ""));
        produced.UnionWith(graph.Node.SelectMany(n => n.Output));
        produced.Remove("");

        var names = valueNames.ToList();
        var unknown = names.Where(n => !produced.Contains(n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"no node, input or initializer of the main graph produces {string.Join(", ", unknown.Select(n => "'" + n + "'"))}", nameof(valueNames));
        }

        var outputs = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (outputs.Add(name))
            {
                var vi = new ValueInfoProto { Name = name };
                if (types.TryGetValue(name, out var type))
                {
                    vi.Type = type.Clone();
                }

                graph.Output.Add(vi);
            }
        }

        return proto.ToByteArray();
    }

    private static TensorShapeProto Shape(IEnumerable<long> dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return shape;
    }
}
