namespace Qc.Ir.Graph;

/// <summary>Batch normalization (ONNX BatchNormalization): Y has X's shape; in training mode the optional results
/// running_mean and running_var have shape (C) and the element types of input_mean and input_var.</summary>
/// <remarks>X is (N, C, D1..Dn); a 1-D X of size N means C = 1. scale, B, input_mean and input_var are 1-D of size C.</remarks>
public sealed class BatchNormalizationOp : Op
{
    internal BatchNormalizationOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>True when the op runs in training mode (batch statistics, running statistics produced).</summary>
    public bool TrainingMode => Attributes.GetInt("training_mode", 0) != 0;

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        var channels = x.Dims is { } xd ? xd.Length switch
        {
            0 => Dim.Unknown,
            1 => Dim.Of(1),
            _ => xd[1],
        } : Dim.Unknown;
        if (x.Dims is { Length: 0 })
        {
            context.Error(this, InferenceCodes.RankMismatch, "X must have rank at least 1");
            return;
        }

        string[] names = ["scale", "B", "input_mean", "input_var"];
        for (var i = 1; i <= 4; i++)
        {
            if (!NnDims.CheckVector(this, context, i, names[i - 1], channels))
            {
                return;
            }

            if (this.InputDims(i) is { } d && !channels.IsStatic && d[0].IsStatic)
            {
                channels = d[0];
            }
        }

        this.SetResult(0, x);
        for (var r = 1; r <= 2 && r < Results.Length; r++)
        {
            var elem = NnDims.KnownElementType(this, r + 2) ?? x.ElementType;
            this.SetResult(r, elem, [channels]);
        }
    }
}
