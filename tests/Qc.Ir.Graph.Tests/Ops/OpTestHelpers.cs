using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph.Tests.Ops;

/// <summary>Builds one-op graphs and runs type inference on them.</summary>
internal sealed class OpTestHelpers
{
    public GraphModule Module { get; } = new("test");

    public DiagnosticBag Diagnostics { get; } = new();

    public Graph Main => Module.Main;

    /// <summary>Adds a graph input of the given type.</summary>
    public Value Input(string name, ElementType type, params long[] dims) =>
        Main.AddParameter(Module.UniqueName(name), TensorType.Of(type, dims));

    /// <summary>Adds a graph input with symbolic or unknown dims.</summary>
    public Value Input(string name, TensorType type) => Main.AddParameter(Module.UniqueName(name), type);

    /// <summary>Adds a constant.</summary>
    public Value Const(string name, TensorData data) => ConstantOp.Create(Module, Main, Module.Constants.Add(name, data)).Result;

    /// <summary>Adds an i64 1-D constant.</summary>
    public Value Ints(string name, params long[] values) => Const(name, TensorData.Create<long>([values.Length], values));

    /// <summary>Adds an op by mnemonic and returns it.</summary>
    public Op Op(string mnemonic, Value?[] inputs, AttributeMap? attributes = null, int results = 1)
    {
        OpRegistry.Default.TryGetByMnemonic(mnemonic, out var schema).ShouldBeTrueOrThrow(mnemonic);
        return Module.AddOp(Main, schema!, inputs, attributes, resultCount: results);
    }

    /// <summary>Runs inference on the whole module.</summary>
    public InferenceContext Infer() => TypeInference.Run(Module, Diagnostics);

    /// <summary>Builds an attribute map from pairs.</summary>
    public static AttributeMap Attrs(params (string Name, AttributeValue Value)[] items) =>
        AttributeMap.From(items.Select(i => KeyValuePair.Create(i.Name, i.Value)));

    public static IntsAttr IntsA(params long[] v) => new([.. v]);

    public static IntAttr IntA(long v) => new(v);

    public static FloatAttr FloatA(float v) => new(v);

    public static StringAttr StrA(string v) => new(v);

    public static ImmutableArray<Dim> Dims(params long[] d) => [.. d.Select(Dim.Of)];
}

internal static class OpTestAssertions
{
    public static void ShouldBeTrueOrThrow(this bool value, string what)
    {
        if (!value)
        {
            throw new InvalidOperationException($"no op registered as '{what}'");
        }
    }
}
