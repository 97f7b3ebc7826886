using Google.Protobuf;
using Onnx;
using Qc.Core.Tensors;

namespace Qc.OnnxRuntime.Tests;

/// <summary>Tiny ONNX models built in memory for the binding's unit tests.</summary>
internal static class TestModels
{
    /// <summary><c>Y = Identity(X)</c> for one element type; a dim is fixed when non-negative, else symbolic (<c>d0</c>, <c>d1</c>, ...).</summary>
    public static byte[] Identity(ElementType type, params long[] dims) =>
        Model(
            [Node("Identity", ["X"], ["Y"])],
            [Value("X", type, dims)],
            [Value("Y", type, dims)]);

    /// <summary><c>Sum = X + Y</c> and <c>Diff = X - Y</c> on f32[N, <paramref name="width"/>] with symbolic N.</summary>
    public static byte[] AddSub(int width = 3) =>
        Model(
            [Node("Add", ["X", "Y"], ["Sum"]), Node("Sub", ["X", "Y"], ["Diff"])],
            [Value("X", ElementType.F32, -1, width), Value("Y", ElementType.F32, -1, width)],
            [Value("Sum", ElementType.F32, -1, width), Value("Diff", ElementType.F32, -1, width)]);

    private static byte[] Model(NodeProto[] nodes, ValueInfoProto[] inputs, ValueInfoProto[] outputs)
    {
        var graph = new GraphProto { Name = "test" };
        graph.Node.AddRange(nodes);
        graph.Input.AddRange(inputs);
        graph.Output.AddRange(outputs);
        var model = new ModelProto { IrVersion = 8, ProducerName = "Qc.OnnxRuntime.Tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    private static ValueInfoProto Value(string name, ElementType type, params long[] dims)
    {
        var shape = new TensorShapeProto();
        for (var i = 0; i < dims.Length; i++)
        {
            shape.Dim.Add(dims[i] >= 0
                ? new TensorShapeProto.Types.Dimension { DimValue = dims[i] }
                : new TensorShapeProto.Types.Dimension { DimParam = i == 0 ? "N" : $"d{i}" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
