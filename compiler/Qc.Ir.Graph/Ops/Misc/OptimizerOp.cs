namespace Qc.Ir.Graph;

/// <summary>The training optimizers Adagrad, Adam and Momentum (domain ai.onnx.preview.training).</summary>
/// <remarks>
/// Inputs are the learning rate R, the update count T, then n tensors of each per-tensor group: Adagrad X, G, H; Momentum X,
/// G, V; Adam X, G, V, H. Results are the updated groups: Adagrad X, H; Momentum X, V; Adam X, V, H. Each updated tensor
/// has the type of the matching input.
/// </remarks>
public sealed class OptimizerOp : Op
{
    internal OptimizerOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>Number of input groups after R and T.</summary>
    public int InputGroups => Schema.OpType switch { "Adam" => 4, _ => 3 };

    /// <summary>The input group index of each result group.</summary>
    public int[] UpdatedGroups => Schema.OpType switch { "Adam" => [0, 2, 3], _ => [0, 2] };

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var tensors = Inputs.Count - 2;
        var groups = UpdatedGroups;
        if (tensors <= 0 || tensors % InputGroups != 0 || Results.Length != tensors / InputGroups * groups.Length)
        {
            context.Error(this, InferenceCodes.BadInput,
                $"{Schema.OpType} needs R, T and {InputGroups} groups of n inputs, and {groups.Length} groups of n results; "
                + $"got {Inputs.Count} inputs and {Results.Length} results");
            return;
        }

        var n = tensors / InputGroups;
        for (var g = 0; g < groups.Length; g++)
        {
            for (var i = 0; i < n; i++)
            {
                if (Input(2 + (groups[g] * n) + i)?.Type is { } t and not UnknownType)
                {
                    this.SetResult((g * n) + i, t);
                }
            }
        }
    }
}
