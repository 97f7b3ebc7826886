using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Dropout (ONNX Dropout): inputs data, optional scalar ratio and optional scalar bool training_mode; results
/// output (data's type) and an optional bool mask of data's shape.</summary>
public sealed class DropoutOp : Op
{
    internal DropoutOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x
            || !NnDims.CheckScalar(this, context, 1, "ratio") || !NnDims.CheckScalar(this, context, 2, "training_mode"))
        {
            return;
        }

        if (NnDims.KnownElementType(this, 2) is { } t && t != ElementType.Bool)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"training_mode must be bool but is {t.Name()}");
            return;
        }

        this.SetResult(0, x);
        this.SetResult(1, x.WithElementType(ElementType.Bool));
    }
}
