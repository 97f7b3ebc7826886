using Google.Protobuf;
using Onnx;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Onnx;

namespace Qc.Passes.Tests;

/// <summary>Small ONNX models built in code and imported into graph IR.</summary>
internal static class TestModels
{
    /// <summary>Deterministic pseudo-random float32 values in [-scale, scale].</summary>
    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var v = new float[count];
        for (var i = 0; i < count; i++)
        {
            v[i] = (float)((rng.NextDouble() * 2) - 1) * scale;
        }

        return v;
    }

    /// <summary>x[1,c,5,5] → Conv(w[o,c,3,3], pad 1) → Relu → Flatten → Gemm(w2[10, o·25], transB) → MatMul(w3[10,6]) → y.</summary>
    public static GraphModule ConvGemmMatMul(int c = 4, int o = 6)
    {
        var g = new GraphProto { Name = "small" };
        g.Input.Add(ValueInfo("x", [1, c, 5, 5]));
        g.Output.Add(ValueInfo("y", [1, 6]));
        g.Initializer.Add(Tensor("w", [o, c, 3, 3], Random(o * c * 9, 1, 0.5f)));
        g.Initializer.Add(Tensor("w2", [10, o * 25], Random(10 * o * 25, 2, 0.2f)));
        g.Initializer.Add(Tensor("w3", [10, 6], Random(60, 3)));
        g.Node.Add(Node("Conv", ["x", "w"], ["conv"], "conv", new AttributeProto { Name = "pads", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1 } }));
        g.Node.Add(Node("Relu", ["conv"], ["relu"], "relu"));
        g.Node.Add(Node("Flatten", ["relu"], ["flat"], "flatten"));
        g.Node.Add(Node("Gemm", ["flat", "w2"], ["gemm"], "gemm", new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        g.Node.Add(Node("MatMul", ["gemm", "w3"], ["y"], "matmul"));
        var model = new ModelProto { IrVersion = 8, Graph = g };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        var result = OnnxImporter.Import(model.ToByteArray(), "small.onnx", null);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        }

        return result.Module!;
    }

    /// <summary>x[2,4] → MatMul(x, w[4,3]) → a, MatMul(x, w) → b (one weight, one input), Add(a, b) → y.</summary>
    public static GraphModule SharedWeight()
    {
        var g = new GraphProto { Name = "shared" };
        g.Input.Add(ValueInfo("x", [2, 4]));
        g.Output.Add(ValueInfo("y", [2, 3]));
        g.Initializer.Add(Tensor("w", [4, 3], Random(12, 4)));
        g.Node.Add(Node("MatMul", ["x", "w"], ["a"], "left"));
        g.Node.Add(Node("MatMul", ["x", "w"], ["b"], "right"));
        g.Node.Add(Node("Add", ["a", "b"], ["y"], "add"));
        var model = new ModelProto { IrVersion = 8, Graph = g };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        return OnnxImporter.Import(model.ToByteArray(), "shared.onnx", null).Module!;
    }

    private static NodeProto Node(string opType, string[] inputs, string[] outputs, string name, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = opType, Name = name };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        n.Attribute.AddRange(attributes);
        return n;
    }

    private static ValueInfoProto ValueInfo(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    private static TensorProto Tensor(string name, long[] dims, float[] values) =>
        OnnxTensors.FromTensorData(TensorData.Create<float>(dims, values), name);

    /// <summary>The float32 weight constant feeding a layer in the original module.</summary>
    public static TensorData WeightOf(GraphModule module, string layer) =>
        ((ConstantOp)module.Main.Ops.First(o => (o.Name ?? o.Result.Name) == layer).Input(1)!.Producer!).Constant.Data!;
}
