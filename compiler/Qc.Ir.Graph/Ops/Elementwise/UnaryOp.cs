using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>An elementwise op of one tensor (math functions and activations; Clip with optional min/max inputs).</summary>
/// <remarks>The result has the input's shape; IsNaN and IsInf produce bool. <see cref="OpSchema.OpType"/> names the function.</remarks>
public sealed class UnaryOp : Op
{
    internal UnaryOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>The ONNX op type naming the function, such as <c>Relu</c>.</summary>
    public string Function => Schema.OpType;

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        var type = Function is "IsNaN" or "IsInf" ? x.WithElementType(ElementType.Bool) : x;
        this.SetResult(0, type);
        if (Function == "Identity" && context.GetShapeValue(Input(0)) is { } sv)
        {
            context.SetShapeValue(Result, sv);
        }
    }
}
