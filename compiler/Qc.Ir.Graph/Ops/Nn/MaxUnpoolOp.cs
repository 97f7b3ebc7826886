using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Partial inverse of MaxPool (ONNX MaxUnpool): X and indices I (same shape), optional output_shape input.</summary>
/// <remarks>Without output_shape the spatial sizes are <c>(D - 1) * stride + kernel - pads</c>.</remarks>
public sealed class MaxUnpoolOp : Op
{
    internal MaxUnpoolOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        if (NnDims.KnownElementType(this, 1) is { } ie && ie != ElementType.I64)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"indices must be i64 but are {ie.Name()}");
            return;
        }

        if (x.Dims is { } xd && this.InputDims(1) is { } id
            && (xd.Length != id.Length || xd.Zip(id).Any(p => NnDims.Conflict(p.First, p.Second))))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"indices {this.InputTensor(1)} must have the shape of X {x}");
            return;
        }

        if (Input(2) is { } outputShape)
        {
            FromOutputShape(context, x, outputShape);
            return;
        }

        if (x.Dims is not { } dims)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        if (dims.Length < 2)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input must have rank at least 2 but is {x}");
            return;
        }

        if (ConvShapes.ReadWindow(this, context, dims.Length - 2, null) is not { } window)
        {
            return;
        }

        var spatial = dims.Skip(2).Select((d, i) => ConvShapes.UnpoolOutputSize(window, i, d));
        this.SetResult(0, x.ElementType, [dims[0], dims[1], .. spatial]);
    }

    private void FromOutputShape(InferenceContext context, TensorType x, Value outputShape)
    {
        var values = context.GetShapeValue(outputShape);
        var length = values?.Length ?? (outputShape.Type is TensorType { Dims: [{ IsStatic: true } n] } ? (int)n.Value!.Value : -1);
        if (length >= 0 && x.Dims is { } xd && length != xd.Length)
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"output_shape has {length} values but X has rank {xd.Length}");
            return;
        }

        if (values is { } v)
        {
            this.SetResult(0, x.ElementType, v);
        }
        else if (length >= 0 || x.Dims is not null)
        {
            this.SetResult(0, x.ElementType, NnDims.Unknowns(length >= 0 ? length : x.Rank));
        }
        else
        {
            this.SetResultUnranked(0, x.ElementType);
        }
    }
}
