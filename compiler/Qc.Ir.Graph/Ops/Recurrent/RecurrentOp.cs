using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>A recurrent layer: RNN, GRU or LSTM over <c>X</c> with weights <c>W</c>, recurrence <c>R</c> and optional bias,
/// sequence lengths, initial states (and LSTM peepholes).</summary>
/// <remarks>
/// With <c>layout</c> 0, X is [seq, batch, input], Y is [seq, num_directions, batch, hidden] and Y_h (and LSTM's Y_c)
/// [num_directions, batch, hidden]; with <c>layout</c> 1, X is [batch, seq, input], Y [batch, seq, num_directions, hidden]
/// and Y_h [batch, num_directions, hidden]. The hidden size comes from <c>hidden_size</c>, or from R's last dim.
/// </remarks>
public sealed class RecurrentOp : Op
{
    private static readonly string[] s_activations =
    [
        "relu", "tanh", "sigmoid", "affine", "leakyrelu", "thresholdedrelu", "scaledtanh", "hardsigmoid", "elu", "softsign", "softplus",
    ];

    internal RecurrentOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>Number of gates: 1 for RNN, 3 for GRU, 4 for LSTM.</summary>
    public int Gates => Schema.OpType switch { "GRU" => 3, "LSTM" => 4, _ => 1 };

    /// <summary>Number of activation functions per direction: 1 for RNN, 2 for GRU, 3 for LSTM.</summary>
    public int ActivationsPerDirection => Schema.OpType switch { "GRU" => 2, "LSTM" => 3, _ => 1 };

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (!CheckAttributes(context, out var directions, out var layout) || this.InputTensor(0) is not { } x)
        {
            return;
        }

        if (!CheckInputTypes(context, x))
        {
            return;
        }

        var results = Math.Min(Results.Length, Schema.OpType == "LSTM" ? 3 : 2);
        if (x.Dims is not { } xd)
        {
            for (var i = 0; i < results; i++)
            {
                this.SetResultUnranked(i, x.ElementType);
            }

            return;
        }

        if (xd.Length != 3)
        {
            context.Error(this, InferenceCodes.RankMismatch, $"X must have rank 3 but is {x}");
            return;
        }

        Dim seq = xd[layout == 0 ? 0 : 1], batch = xd[layout == 0 ? 1 : 0], dirs = directions;
        if (HiddenSize(context, xd[2], directions) is not { } hidden)
        {
            return;
        }

        ImmutableArray<Dim> y = layout == 0 ? [seq, dirs, batch, hidden] : [batch, seq, dirs, hidden];
        ImmutableArray<Dim> state = layout == 0 ? [dirs, batch, hidden] : [batch, dirs, hidden];
        for (var i = 0; i < results; i++)
        {
            this.SetResult(i, x.ElementType, i == 0 ? y : state);
        }
    }

    private bool CheckAttributes(InferenceContext context, out int directions, out long layout)
    {
        var direction = Attributes.GetString("direction", "forward");
        directions = direction switch { "forward" or "reverse" => 1, "bidirectional" => 2, _ => 0 };
        layout = Attributes.GetInt("layout", 0);
        if (directions == 0)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"direction '{direction}' must be forward, reverse or bidirectional");
            return false;
        }

        if (layout is not (0 or 1))
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"layout {layout} must be 0 or 1");
            return false;
        }

        if (Attributes.GetStrings("activations") is { } acts)
        {
            if (acts.Length != ActivationsPerDirection * directions)
            {
                context.Error(this, InferenceCodes.BadAttributeValue,
                    $"activations has {acts.Length} entries but {ActivationsPerDirection * directions} are needed");
                return false;
            }

            if (acts.FirstOrDefault(a => !s_activations.Contains(a.ToLowerInvariant())) is { } bad)
            {
                context.Error(this, InferenceCodes.BadAttributeValue, $"unknown activation '{bad}'");
                return false;
            }
        }

        return true;
    }

    private bool CheckInputTypes(InferenceContext context, TensorType x)
    {
        foreach (var i in Schema.OpType == "LSTM" ? new[] { 1, 2, 3, 5, 6, 7 } : [1, 2, 3, 5])
        {
            if (this.InputTensor(i) is { } t && t.ElementType != ElementType.Unknown && x.ElementType != ElementType.Unknown
                && t.ElementType != x.ElementType)
            {
                context.Error(this, InferenceCodes.TypeMismatch, $"input {i} is {t} but X is {x}");
                return false;
            }
        }

        if (this.InputTensor(4) is { } lens && lens.ElementType != ElementType.Unknown && lens.ElementType != ElementType.I32)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"sequence_lens must be i32 but is {lens}");
            return false;
        }

        return true;
    }

    private Dim? HiddenSize(InferenceContext context, Dim inputSize, int directions)
    {
        var attr = Attributes.GetInt("hidden_size", 0);
        var w = this.InputDims(1);
        var r = this.InputDims(2);
        if (w is { Length: not 3 } || r is { Length: not 3 })
        {
            context.Error(this, InferenceCodes.RankMismatch, $"W and R must have rank 3 but are {this.InputTensor(1)} and {this.InputTensor(2)}");
            return null;
        }

        Dim hidden = attr > 0 ? attr : r is { } rd && (rd[2].IsStatic || rd[2].Symbol is not null) ? rd[2]
            : w is { } wd && wd[1].IsStatic ? wd[1].Value!.Value / Gates : Dim.Unknown;
        var gated = hidden.IsStatic ? Dim.Of(hidden.Value!.Value * Gates) : Dim.Unknown;
        if (Conflicts(w, [directions, gated, inputSize]) || Conflicts(r, [directions, gated, hidden]))
        {
            context.Error(this, InferenceCodes.ShapeMismatch,
                $"W {this.InputTensor(1)} and R {this.InputTensor(2)} do not match {directions} direction(s), {Gates} gate(s), "
                + $"hidden size {hidden} and input size {inputSize}");
            return null;
        }

        return hidden;
    }

    private static bool Conflicts(ImmutableArray<Dim>? actual, Dim[] expected) =>
        actual is { } a && a.Select((d, i) => d.IsStatic && expected[i].IsStatic && d.Value != expected[i].Value).Any(c => c);
}
