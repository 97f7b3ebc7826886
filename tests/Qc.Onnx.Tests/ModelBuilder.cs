using Google.Protobuf;
using Onnx;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;

namespace Qc.Onnx.Tests;

/// <summary>Builds small ONNX models in memory with the protobuf classes, for importer tests.</summary>
internal sealed class ModelBuilder
{
    public const int F32 = (int)TensorProto.Types.DataType.Float;
    public const int I64T = (int)TensorProto.Types.DataType.Int64;

    public ModelBuilder(int opset = 17, long irVersion = 8)
    {
        Model = new ModelProto { IrVersion = irVersion, Graph = new GraphProto { Name = "g" } };
        Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
    }

    public ModelProto Model { get; }

    public GraphProto Graph => Model.Graph;

    /// <summary>Adds a graph input; dims are longs (static) or strings (symbolic); null dims means no shape.</summary>
    public ModelBuilder Input(string name, int elem, params object[]? dims)
    {
        Graph.Input.Add(ValueInfo(name, elem, dims));
        return this;
    }

    public ModelBuilder Output(string name, int elem, params object[]? dims)
    {
        Graph.Output.Add(ValueInfo(name, elem, dims));
        return this;
    }

    /// <summary>Adds an output without a type.</summary>
    public ModelBuilder Output(string name)
    {
        Graph.Output.Add(new ValueInfoProto { Name = name });
        return this;
    }

    public ModelBuilder Initializer(TensorProto tensor)
    {
        Graph.Initializer.Add(tensor);
        return this;
    }

    public NodeProto Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = outputs.FirstOrDefault(o => o.Length > 0) is { } o ? "n_" + o : "" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return node;
    }

    public byte[] Bytes() => Model.ToByteArray();

    public ImportResult Import(ImportOptions? options = null) => OnnxImporter.Import(Bytes(), "test.onnx", null, options);

    /// <summary>Imports and asserts success, returning the module.</summary>
    public GraphModule ImportOk(ImportOptions? options = null)
    {
        var r = Import(options);
        Assert.True(r.Success, DiagnosticFormatter.Format(r.Diagnostics));
        return r.Module!;
    }

    public static ValueInfoProto ValueInfo(string name, int elem, object[]? dims)
    {
        var t = new TypeProto.Types.Tensor { ElemType = elem };
        if (dims is not null)
        {
            t.Shape = new TensorShapeProto();
            foreach (var d in dims)
            {
                t.Shape.Dim.Add(d switch
                {
                    string s => new TensorShapeProto.Types.Dimension { DimParam = s },
                    int i => new TensorShapeProto.Types.Dimension { DimValue = i },
                    long l => new TensorShapeProto.Types.Dimension { DimValue = l },
                    _ => new TensorShapeProto.Types.Dimension(),
                });
            }
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = t } };
    }

    public static TensorProto FloatTensor(string name, long[] dims, params float[] values)
    {
        var t = new TensorProto { Name = name, DataType = F32 };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        return t;
    }

    public static TensorProto Int64Tensor(string name, long[] dims, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = I64T };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(values);
        return t;
    }

    public static AttributeProto Int(string name, long v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = v };

    public static AttributeProto Float(string name, float v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = v };

    public static AttributeProto Str(string name, string v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(v) };

    public static AttributeProto Ints(string name, params long[] v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(v);
        return a;
    }

    public static AttributeProto Floats(string name, params float[] v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.AddRange(v);
        return a;
    }

    public static AttributeProto Tensor(string name, TensorProto t) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = t };

    public static AttributeProto GraphAttr(string name, GraphProto g) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = g };
}
