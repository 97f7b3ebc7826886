using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>Base of all graph IR ops. Each op kind is a sealed subclass that infers its result types.</summary>
/// <remarks>
/// Inputs may be null where an optional ONNX input is absent. Results are created by the op from the result names in
/// <see cref="OpInit"/>. Attributes are complete after import: every default is written out explicitly.
/// </remarks>
public abstract class Op
{
    private readonly Value?[] _inputs;

    /// <summary>Initializes the common op state.</summary>
    protected Op(OpSchema schema, OpInit init)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(init);
        Schema = schema;
        _inputs = init.Inputs.ToArray();
        Attributes = init.Attributes;
        Regions = init.Regions;
        Name = init.NodeName;
        var results = ImmutableArray.CreateBuilder<Value>(init.ResultNames.Length);
        for (var i = 0; i < init.ResultNames.Length; i++)
        {
            results.Add(new Value(init.ResultNames[i], IrType.Unknown, this, i));
        }

        Results = results.MoveToImmutable();
        foreach (var r in Regions)
        {
            r.Body.ParentOp = this;
        }
    }

    /// <summary>The op's schema.</summary>
    public OpSchema Schema { get; }

    /// <summary>The mnemonic printed after <c>graph.</c>.</summary>
    public virtual string Mnemonic => Schema.Mnemonic;

    /// <summary>The ONNX node name, if any (for diagnostics and <c>--print-locations</c>).</summary>
    public string? Name { get; set; }

    /// <summary>The inputs; null marks an absent optional input.</summary>
    public IReadOnlyList<Value?> Inputs => _inputs;

    /// <summary>The results.</summary>
    public ImmutableArray<Value> Results { get; }

    /// <summary>The attributes, sorted by name.</summary>
    public AttributeMap Attributes { get; set; }

    /// <summary>The regions (subgraphs).</summary>
    public ImmutableArray<Region> Regions { get; }

    /// <summary>The graph this op belongs to.</summary>
    public Graph? Parent { get; internal set; }

    /// <summary>The first result.</summary>
    public Value Result => Results[0];

    /// <summary>The input at a position, or null when absent or beyond the end.</summary>
    public Value? Input(int index) => index < _inputs.Length ? _inputs[index] : null;

    /// <summary>Replaces one input.</summary>
    public void SetInput(int index, Value? value) => _inputs[index] = value;

    /// <summary>Returns the region with a given name.</summary>
    public Region? FindRegion(string name) => Regions.FirstOrDefault(r => r.Name == name);

    /// <summary>Computes the result types from the input types and attributes, reporting problems to the context.</summary>
    /// <remarks>Must not throw for malformed models: report through <paramref name="context"/> and leave results unknown.</remarks>
    public abstract void InferTypes(InferenceContext context);

    /// <inheritdoc/>
    public override string ToString() => $"graph.{Mnemonic} ({Name ?? Results.FirstOrDefault()?.Name ?? "?"})";
}
