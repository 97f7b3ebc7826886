namespace Qc.Ir.Graph;

/// <summary>Pads a tensor by the <c>pads</c> input (all begins, then all ends) on the optional <c>axes</c>, in mode
/// constant, reflect, edge or wrap. Negative pads crop.</summary>
public sealed class PadOp : Op
{
    internal PadOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>The padding mode.</summary>
    public string Mode => Attributes.GetString("mode", "constant");

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        if (Mode is not ("constant" or "reflect" or "edge" or "wrap"))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"unknown mode '{Mode}'");
            return;
        }

        if (this.InputTensor(2) is { } cv && cv.ElementType != x.ElementType)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"constant_value {cv} and data {x} have different element types");
            return;
        }

        if (x.Dims is not { } dims)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        int[]? axes = null;
        if (Input(3) is { } axesInput && context.GetStaticInts(axesInput) is { } rawAxes
            && (axes = TensorAxes.Normalize(this, context, rawAxes, dims.Length)) is null)
        {
            return;
        }

        if (Input(3) is null)
        {
            axes = [.. Enumerable.Range(0, dims.Length)];
        }

        var pads = context.GetStaticInts(Input(1));
        var output = dims.ToArray();
        if (pads is null || axes is null)
        {
            foreach (var a in axes ?? Enumerable.Range(0, dims.Length))
            {
                output[a] = Dim.Unknown;
            }

            this.SetResult(0, x.ElementType, output);
            return;
        }

        if (pads.Length != 2 * axes.Length)
        {
            context.Error(this, InferenceCodes.BadInput, $"pads has {pads.Length} values but {2 * axes.Length} are needed");
            return;
        }

        for (var i = 0; i < axes.Length; i++)
        {
            var d = TensorDimMath.Add(dims[axes[i]], pads[i] + pads[i + axes.Length]);
            if (d.Value < 0)
            {
                context.Error(this, InferenceCodes.BadInput, $"pads crop axis {axes[i]} of {x} below zero");
                return;
            }

            output[axes[i]] = d;
        }

        this.SetResult(0, x.ElementType, output);
    }
}
