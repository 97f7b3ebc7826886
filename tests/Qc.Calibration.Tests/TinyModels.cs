using Google.Protobuf;
using Onnx;

namespace Qc.Calibration.Tests;

/// <summary>Small ONNX models built in memory for diagnostics tests.</summary>
internal static class TinyModels
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private const int Int64 = (int)TensorProto.Types.DataType.Int64;

    /// <summary><c>x: f32[N,4] → Cast(int64) 'xi' → Cast(f32) 'xf' → Log 'y'</c>.</summary>
    public static byte[] CastAndLog()
    {
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "g" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        var g = model.Graph;
        g.Input.Add(Value("x", Float, "N", 4));
        g.Output.Add(Value("y", Float, "N", 4));
        g.Node.Add(Node("Cast", "x", "xi", new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = Int64 }));
        g.Node.Add(Node("Cast", "xi", "xf", new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = Float }));
        g.Node.Add(Node("Log", "xf", "y"));
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string input, string output, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = op, Name = "n_" + output };
        n.Input.Add(input);
        n.Output.Add(output);
        n.Attribute.AddRange(attributes);
        return n;
    }

    private static ValueInfoProto Value(string name, int type, string batch, long features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = type, Shape = shape } } };
    }
}
