using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>Declares one op: its ONNX identity, IR mnemonic, arity, attributes, regions and how to construct it.</summary>
/// <remarks>Graph IR ops follow the semantics of the newest ONNX version of the op; the importer upgrades older forms.</remarks>
public sealed class OpSchema
{
    /// <summary>Marks an unbounded (variadic) arity.</summary>
    public const int Variadic = int.MaxValue;

    internal OpSchema(string domain, string opType, string mnemonic, (int Min, int Max) inputs, (int Min, int Max) outputs,
        ImmutableArray<AttributeSpec> attributes, ImmutableArray<string> regions, Func<OpSchema, OpInit, Op> factory)
    {
        Domain = domain;
        OpType = opType;
        Mnemonic = mnemonic;
        MinInputs = inputs.Min;
        MaxInputs = inputs.Max;
        MinOutputs = outputs.Min;
        MaxOutputs = outputs.Max;
        Attributes = attributes;
        RegionNames = regions;
        Factory = factory;
    }

    /// <summary>The ONNX domain ("" for the default ai.onnx domain).</summary>
    public string Domain { get; }

    /// <summary>The ONNX op type, such as <c>Conv</c>.</summary>
    public string OpType { get; }

    /// <summary>The IR mnemonic without the <c>graph.</c> prefix, such as <c>conv</c>.</summary>
    public string Mnemonic { get; }

    /// <summary>Minimum number of inputs (absent optional inputs count as positions).</summary>
    public int MinInputs { get; }

    /// <summary>Maximum number of inputs, or <see cref="Variadic"/>.</summary>
    public int MaxInputs { get; }

    /// <summary>Minimum number of results.</summary>
    public int MinOutputs { get; }

    /// <summary>Maximum number of results, or <see cref="Variadic"/>.</summary>
    public int MaxOutputs { get; }

    /// <summary>The attributes the op accepts.</summary>
    public ImmutableArray<AttributeSpec> Attributes { get; }

    /// <summary>Names of the op's regions (subgraphs), such as <c>then_branch</c>.</summary>
    public ImmutableArray<string> RegionNames { get; }

    internal Func<OpSchema, OpInit, Op> Factory { get; }

    /// <summary>Looks up an attribute spec by name.</summary>
    public AttributeSpec? FindAttribute(string name)
    {
        foreach (var a in Attributes)
        {
            if (a.Name == name)
            {
                return a;
            }
        }

        return null;
    }

    /// <summary>Creates an op of this schema.</summary>
    public Op Create(OpInit init) => Factory(this, init);

    /// <inheritdoc/>
    public override string ToString() => Domain.Length == 0 ? OpType : Domain + "." + OpType;
}

/// <summary>One attribute an op accepts: name, kind (INT, FLOAT, STRING, INTS, FLOATS, STRINGS, TENSOR, TYPE) and whether required.</summary>
public sealed record AttributeSpec(string Name, string Kind, bool Required);

/// <summary>Everything needed to construct an op: inputs (null for an absent optional input), attributes, regions, result names.</summary>
public sealed record OpInit(ImmutableArray<Value?> Inputs, AttributeMap Attributes, ImmutableArray<Region> Regions, ImmutableArray<string> ResultNames)
{
    /// <summary>The ONNX node name, kept for diagnostics and locations.</summary>
    public string? NodeName { get; init; }
}
