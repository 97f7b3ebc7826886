using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Qc.Ir.Graph;

/// <summary>All known op schemas, by mnemonic and by ONNX (domain, op type). Registration is explicit: each op family
/// file has a <c>Register</c> method listed in <see cref="CreateDefault"/>.</summary>
public sealed class OpRegistry
{
    private readonly Dictionary<string, OpSchema> _byMnemonic = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Domain, string OpType), OpSchema> _byOnnx = [];

    /// <summary>The registry with every op qc knows.</summary>
    public static OpRegistry Default { get; } = CreateDefault();

    /// <summary>All schemas, ordered by mnemonic.</summary>
    public IEnumerable<OpSchema> All => _byMnemonic.Values.OrderBy(s => s.Mnemonic, StringComparer.Ordinal);

    /// <summary>Registers an op.</summary>
    /// <param name="opType">ONNX op type, such as <c>Conv</c>.</param>
    /// <param name="mnemonic">IR mnemonic without prefix, lowercase snake_case, such as <c>conv</c>.</param>
    /// <param name="inputs">Minimum and maximum input count (<see cref="OpSchema.Variadic"/> for no limit).</param>
    /// <param name="outputs">Minimum and maximum result count.</param>
    /// <param name="attributes">Space-separated <c>name:KIND</c> entries, <c>!</c> after the kind marks a required attribute,
    /// for example <c>"axis:INT to:INT! pads:INTS"</c>.</param>
    /// <param name="factory">Creates the op.</param>
    /// <param name="domain">ONNX domain, "" for ai.onnx.</param>
    /// <param name="regions">Space-separated region names (ONNX graph attributes), such as <c>"then_branch else_branch"</c>.</param>
    public OpSchema Add(string opType, string mnemonic, (int Min, int Max) inputs, (int Min, int Max) outputs, string attributes,
        Func<OpSchema, OpInit, Op> factory, string domain = "", string regions = "")
    {
        var specs = ImmutableArray.CreateBuilder<AttributeSpec>();
        foreach (var part in attributes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ArgumentException($"bad attribute spec '{part}' for {opType}");
            }

            var required = part.EndsWith('!');
            var kind = part[(colon + 1)..].TrimEnd('!');
            specs.Add(new AttributeSpec(part[..colon], kind, required));
        }

        var schema = new OpSchema(domain, opType, mnemonic, inputs, outputs, specs.ToImmutable(),
            [.. regions.Split(' ', StringSplitOptions.RemoveEmptyEntries)], factory);
        Add(schema);
        return schema;
    }

    /// <summary>Registers a prepared schema.</summary>
    public void Add(OpSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (!_byMnemonic.TryAdd(schema.Mnemonic, schema))
        {
            throw new InvalidOperationException($"mnemonic '{schema.Mnemonic}' registered twice");
        }

        if (schema.OpType.Length > 0 && !_byOnnx.TryAdd((schema.Domain, schema.OpType), schema))
        {
            throw new InvalidOperationException($"ONNX op '{schema}' registered twice");
        }
    }

    /// <summary>Finds a schema by IR mnemonic.</summary>
    public bool TryGetByMnemonic(string mnemonic, [NotNullWhen(true)] out OpSchema? schema) => _byMnemonic.TryGetValue(mnemonic, out schema);

    /// <summary>Finds a schema by ONNX domain and op type (domain "ai.onnx" is treated as "").</summary>
    public bool TryGetOnnx(string domain, string opType, [NotNullWhen(true)] out OpSchema? schema) =>
        _byOnnx.TryGetValue((domain == "ai.onnx" ? "" : domain, opType), out schema);

    private static OpRegistry CreateDefault()
    {
        var r = new OpRegistry();
        r.Add(ConstantOp.Schema_);
        r.Add(OpaqueOp.Schema_);
        ElementwiseOps.Register(r);
        NnOps.Register(r);
        QuantizationOps.Register(r);
        RecurrentOps.Register(r);
        SignalOps.Register(r);
        TensorOps.Register(r);
        ReductionOps.Register(r);
        IndexingOps.Register(r);
        SequenceOps.Register(r);
        ControlFlowOps.Register(r);
        MiscOps.Register(r);
        return r;
    }
}
