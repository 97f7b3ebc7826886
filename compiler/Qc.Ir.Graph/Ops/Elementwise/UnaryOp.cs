using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>An elementwise op of one tensor (math functions and activations; Clip with optional min/max inputs).</summary>
/// <remarks>
/// The result has the input's shape; IsNaN and IsInf produce bool. <see cref="OpSchema.OpType"/> names the function.
/// Identity also passes sequences and optionals through unchanged. Identity, Neg, Abs and Sign carry the input's shape
/// value over to the result, so that shape arithmetic such as <c>ConstantOfShape(Neg(axis))</c> stays known.
/// </remarks>
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
        switch (Input(0)?.Type)
        {
            case TensorType x:
                this.SetResult(0, Function is "IsNaN" or "IsInf" ? x.WithElementType(ElementType.Bool) : x);
                PropagateShapeValue(context);
                break;
            case SequenceType or OptionalType when Function == "Identity":
                this.SetResult(0, Input(0)!.Type);
                if (context.GetSequenceLength(Input(0)) is { } length)
                {
                    context.SetSequenceLength(Result, length);
                }

                break;
            case SequenceType or OptionalType:
                context.Error(this, InferenceCodes.TypeMismatch, $"input must be a tensor but is {Input(0)!.Type}");
                break;
        }
    }

    private void PropagateShapeValue(InferenceContext context)
    {
        if (context.GetShapeValue(Input(0)) is not { } sv)
        {
            return;
        }

        switch (Function)
        {
            case "Identity":
                context.SetShapeValue(Result, sv);
                break;
            case "Neg":
                context.SetShapeValue(Result, [.. sv.Select(d => d.Value is { } v and not long.MinValue ? Dim.Of(-v) : Dim.Unknown)]);
                break;
            case "Abs":
                // Symbols stand for dim sizes, which are not negative.
                context.SetShapeValue(Result, [.. sv.Select(d => d.Value is { } v ? (v == long.MinValue ? Dim.Unknown : Dim.Of(Math.Abs(v))) : d)]);
                break;
            case "Sign":
                context.SetShapeValue(Result, [.. sv.Select(d => d.Value is { } v ? Dim.Of(Math.Sign(v)) : Dim.Unknown)]);
                break;
        }
    }
}
