using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Lowering.Tests;

/// <summary>Builds small graph IR modules for tests: inputs, constants, ops by ONNX type, outputs, then type inference.</summary>
internal sealed class TestGraph
{
    private readonly Random _random;

    public TestGraph(int seed = 1) => _random = new Random(seed);

    public GraphModule Module { get; } = new("test");

    public Value Input(string name, params long[] dims) => Input(name, ElementType.F32, dims);

    public Value Input(string name, ElementType type, params long[] dims) => Module.Main.AddParameter(name, TensorType.Of(type, dims));

    /// <summary>A constant of uniform random f32 values in [-1, 1).</summary>
    public Value Weight(string name, params long[] dims)
    {
        var values = new float[TensorData.ElementCountOf(dims)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (_random.NextSingle() * 2) - 1;
        }

        return Const(name, TensorData.Create<float>(dims, values));
    }

    public Value Const(string name, TensorData data) => ConstantOp.Create(Module, Module.Main, Module.Constants.Add(name, data)).Result;

    public Value Ints(string name, params long[] values) => Const(name, TensorData.Create<long>([values.Length], values));

    public Value Op(string opType, Value?[] inputs, params (string Name, AttributeValue Value)[] attributes) =>
        Ops(opType, inputs, 1, attributes)[0];

    public IReadOnlyList<Value> Ops(string opType, Value?[] inputs, int results, params (string Name, AttributeValue Value)[] attributes)
    {
        OpRegistry.Default.TryGetOnnx("", opType, out var schema).ShouldBeTrue(opType);
        var attrs = AttributeMap.From(attributes.Select(a => KeyValuePair.Create(a.Name, a.Value)));
        return Module.AddOp(Module.Main, schema!, inputs, attrs, resultCount: results).Results;
    }

    /// <summary>Sets the outputs and infers types; fails the test on inference errors.</summary>
    public GraphModule Build(params Value[] outputs)
    {
        Module.Main.SetOutputs(outputs);
        var bag = new DiagnosticBag();
        TypeInference.Run(Module, bag);
        bag.Where(d => d.IsError).ShouldBeEmpty();
        return Module;
    }

    public static (string, AttributeValue) Int(string name, long value) => (name, new IntAttr(value));

    public static (string, AttributeValue) Float(string name, float value) => (name, new FloatAttr(value));

    public static (string, AttributeValue) Str(string name, string value) => (name, new StringAttr(value));

    public static (string, AttributeValue) IntList(string name, params long[] values) => (name, new IntsAttr([.. values]));
}
