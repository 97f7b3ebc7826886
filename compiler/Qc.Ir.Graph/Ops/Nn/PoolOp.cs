using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>Windowed pooling: MaxPool (optional second result Indices, i64), AveragePool and LpPool.</summary>
/// <remarks>X (N, C, D1..Dn) gives (N, C, O1..On); see <see cref="ConvShapes.TryOutputSize"/> for the size formulas.</remarks>
public sealed class PoolOp : Op
{
    internal PoolOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>The ONNX op type naming the pooling, such as <c>MaxPool</c>.</summary>
    public string Function => Schema.OpType;

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        if (Function == "MaxPool" && Attributes.GetInt("storage_order", 0) is not (0 or 1) and var order)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"storage_order must be 0 or 1 but is {order}");
            return;
        }

        // The kernel_shape length fixes the rank even when X's rank is unknown.
        var spatial = x.Dims is { } xd ? xd.Length - 2 : Attributes.GetInts("kernel_shape")?.Length ?? -1;
        if (spatial < 0)
        {
            if (x.Dims is not null)
            {
                context.Error(this, InferenceCodes.RankMismatch, $"input must have rank at least 2 but is {x}");
                return;
            }

            SetResults(x.ElementType, null);
            return;
        }

        var dims = x.Dims ?? NnDims.Unknowns(spatial + 2);
        if (ConvShapes.ReadWindow(this, context, spatial, null) is not { } window
            || ConvShapes.SpatialDims(this, context, window, dims.Skip(2).ToArray(), Attributes.GetInt("ceil_mode", 0) != 0) is not { } outSpatial)
        {
            return;
        }

        SetResults(x.ElementType, [dims[0], dims[1], .. outSpatial]);
    }

    private void SetResults(ElementType elem, Dim[]? dims)
    {
        for (var r = 0; r < Results.Length && r < 2; r++)
        {
            var e = r == 0 ? elem : ElementType.I64;
            if (dims is null)
            {
                this.SetResultUnranked(r, e);
            }
            else
            {
                this.SetResult(r, e, dims);
            }
        }
    }
}
