namespace Qc.Ir.Graph;

/// <summary>An op qc does not know (custom domain or unsupported ONNX op), kept with its attributes so nothing is dropped.</summary>
/// <remarks>Printed as <c>graph.opaque&lt;"domain::OpType"&gt;</c>. Result types come from the model's value_info when present.</remarks>
public sealed class OpaqueOp : Op
{
    internal OpaqueOp(OpSchema schema, OpInit init, string domain, string opType)
        : base(schema, init)
    {
        Domain = domain;
        OpType = opType;
    }

    /// <summary>The op's domain.</summary>
    public string Domain { get; }

    /// <summary>The op's type name.</summary>
    public string OpType { get; }

    /// <summary>The shared schema of opaque ops (any arity, any attributes).</summary>
    public static OpSchema Schema_ { get; } = new("", "", "opaque", (0, OpSchema.Variadic), (0, OpSchema.Variadic), [], [],
        (_, _) => throw new InvalidOperationException("opaque ops are created with OpaqueOp.Create"));

    /// <summary>The quoted identity used in IR text, <c>domain::OpType</c>.</summary>
    public string QualifiedName => Domain + "::" + OpType;

    /// <summary>Creates an opaque op (not appended to any graph).</summary>
    public static OpaqueOp Create(string domain, string opType, OpInit init) => new(Schema_, init, domain, opType);

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        // Types are whatever the model declared; nothing to infer.
    }
}
