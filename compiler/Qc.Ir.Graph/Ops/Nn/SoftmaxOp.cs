namespace Qc.Ir.Graph;

/// <summary>Softmax, LogSoftmax and Hardmax along one axis (default -1). The result has the input's type.</summary>
public sealed class SoftmaxOp : Op
{
    internal SoftmaxOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>The ONNX op type naming the function, such as <c>Softmax</c>.</summary>
    public string Function => Schema.OpType;

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        var axis = Attributes.GetInt("axis", -1);
        if (x.Dims is { } d && !ShapeHelpers.TryNormalizeAxis(axis, d.Length, out _))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"axis {axis} is out of range for rank {d.Length}");
            return;
        }

        this.SetResult(0, x);
    }
}
