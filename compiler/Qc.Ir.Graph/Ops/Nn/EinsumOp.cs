using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>Einstein summation (ONNX Einsum) over any number of operands, with ellipsis broadcasting and implicit output
/// (ellipsis dims, then the labels used once, in ordinal order).</summary>
public sealed class EinsumOp : Op
{
    internal EinsumOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var types = Inputs.Select(v => v?.Type as TensorType).ToArray();
        if (types.Length == 0 || types.Any(t => t is null)
            || !NnDims.CheckSameElementType(this, context, [.. Enumerable.Range(0, types.Length)]))
        {
            return;
        }

        if (EinsumEquation.Parse(Attributes.GetString("equation", string.Empty), out var error) is not { } eq)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"bad equation: {error}");
            return;
        }

        if (eq.Inputs.Length != types.Length)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"equation has {eq.Inputs.Length} operands but the op has {types.Length} inputs");
            return;
        }

        var state = new LabelState();
        for (var i = 0; i < types.Length; i++)
        {
            if (state.Add(this, context, i, eq.Inputs[i], types[i]!.Dims) is false)
            {
                return;
            }
        }

        var elem = types[0]!.ElementType;
        var output = eq.Output ?? Implicit(eq, state);
        if (output.HasEllipsis && state.Ellipsis is null)
        {
            this.SetResultUnranked(0, elem);
            return;
        }

        var ellipsis = state.Ellipsis ?? [];
        var dims = new List<Dim>();
        for (var j = 0; j <= output.Labels.Length; j++)
        {
            if (j == output.EllipsisAt)
            {
                dims.AddRange(ellipsis);
            }

            if (j < output.Labels.Length)
            {
                dims.Add(state.Labels[output.Labels[j]]);
            }
        }

        this.SetResult(0, elem, dims);
    }

    private static EinsumEquation.Term Implicit(EinsumEquation eq, LabelState state)
    {
        var once = state.Counts.Where(kv => kv.Value == 1).Select(kv => kv.Key).Order().ToArray();
        return new EinsumEquation.Term(new string(once), eq.Inputs.Any(t => t.HasEllipsis) ? 0 : -1);
    }

    /// <summary>Dims gathered per label and for the broadcast ellipsis.</summary>
    private sealed class LabelState
    {
        public Dictionary<char, Dim> Labels { get; } = [];

        public Dictionary<char, int> Counts { get; } = [];

        /// <summary>The broadcast ellipsis dims; null once an operand with an ellipsis has unknown rank.</summary>
        public ImmutableArray<Dim>? Ellipsis { get; private set; } = [];

        public bool Add(Op op, InferenceContext context, int index, EinsumEquation.Term term, ImmutableArray<Dim>? dims)
        {
            var letters = term.Labels.Length;
            if (dims is { } d && (term.HasEllipsis ? d.Length < letters : d.Length != letters))
            {
                context.Error(op, InferenceCodes.RankMismatch, $"operand {index} has rank {d.Length} but its term '{term.Labels}' needs {letters}");
                return false;
            }

            var extra = dims is { } dd ? dd.Length - letters : 0;
            if (term.HasEllipsis)
            {
                if (dims is not { } all)
                {
                    Ellipsis = null;
                }
                else if (Ellipsis is { } current)
                {
                    var mine = all.Slice(term.EllipsisAt, extra);
                    if (ShapeHelpers.Broadcast([current, mine]) is not { } b)
                    {
                        context.Error(op, InferenceCodes.ShapeMismatch, $"ellipsis dims {NnDims.Show(mine)} of operand {index} do not broadcast with {NnDims.Show(current)}");
                        return false;
                    }

                    Ellipsis = b;
                }
            }

            var seen = new Dictionary<char, Dim>();
            for (var j = 0; j < letters; j++)
            {
                var c = term.Labels[j];
                var dim = dims is { } x ? x[term.HasEllipsis && j >= term.EllipsisAt ? j + extra : j] : Dim.Unknown;
                if (seen.TryGetValue(c, out var same) && NnDims.Conflict(same, dim))
                {
                    context.Error(op, InferenceCodes.ShapeMismatch, $"label '{c}' of operand {index} has sizes {same} and {dim}");
                    return false;
                }

                seen[c] = dim;
                Counts[c] = Counts.GetValueOrDefault(c) + 1;
                if (!Labels.TryGetValue(c, out var prev))
                {
                    Labels[c] = dim;
                }
                else if (prev.Value == 1 || dim.Value == 1 || !NnDims.Conflict(prev, dim))
                {
                    Labels[c] = prev.Value == 1 ? dim : dim.Value == 1 ? prev : NnDims.Unify(prev, dim);
                }
                else
                {
                    context.Error(op, InferenceCodes.ShapeMismatch, $"label '{c}' has sizes {prev} and {dim}");
                    return false;
                }
            }

            return true;
        }
    }
}
