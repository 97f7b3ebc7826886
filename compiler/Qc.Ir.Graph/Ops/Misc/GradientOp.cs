namespace Qc.Ir.Graph;

/// <summary>Gradients of the tensor named <c>y</c> with respect to the tensors named in <c>xs</c> (domain
/// ai.onnx.preview.training).</summary>
/// <remarks>The inputs feed the tensors named in <c>xs</c> then <c>zs</c>; result <c>i</c> is the gradient with respect to
/// <c>xs[i]</c> and has the type of input <c>i</c>. Results that cannot be matched to an input stay unknown.</remarks>
public sealed class GradientOp : Op
{
    internal GradientOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var xs = Attributes.GetStrings("xs");
        var count = xs is { } names ? Math.Min(names.Length, Results.Length) : Results.Length;
        for (var i = 0; i < count; i++)
        {
            if (Input(i)?.Type is TensorType t)
            {
                this.SetResult(i, t);
            }
        }
    }
}
