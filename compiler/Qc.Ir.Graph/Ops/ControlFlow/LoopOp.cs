using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>A generic loop: inputs are the optional trip count <c>M</c>, the optional condition and the initial loop-carried
/// values; results are the final loop-carried values followed by the scan outputs stacked over the iterations.</summary>
/// <remarks>
/// The body's parameters are the iteration number (i64 scalar), the condition (bool scalar) and the loop-carried values.
/// Carried values may change shape across iterations, so their parameters get types that hold in every iteration (see
/// <see cref="CarriedTypes"/>), and a final carried value is the union of its initial type and what the body yields (the
/// loop may run zero times), or just what the body yields when it starts as a sequence known to be empty. A carried
/// optional may be yielded as the value it holds (ONNX Loop-16), which makes the final value an optional of the union.
/// The body yields the condition, the carried values and the per-iteration scan values. A scan
/// output gets a leading dim equal to <c>M</c> when <c>M</c> is a known constant and there is no condition, and an
/// unknown leading dim otherwise.
/// </remarks>
public sealed class LoopOp : Op
{
    internal LoopOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>Number of loop-carried values.</summary>
    public int CarriedCount => Math.Max(0, Inputs.Count - 2);

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (RegionTypes.RequireRegion(context, this, "body") is not { } body)
        {
            return;
        }

        var carried = CarriedCount;
        if (body.Parameters.Count != carried + 2)
        {
            context.Error(this, InferenceCodes.BadAttributeValue,
                $"body has {body.Parameters.Count} parameters but the loop passes {carried + 2} (iteration number, condition, {carried} carried values)");
            return;
        }

        var ok = RegionTypes.AssignParameter(context, this, body.Parameters[0], new TensorType(ElementType.I64))
            & RegionTypes.AssignParameter(context, this, body.Parameters[1], new TensorType(ElementType.Bool));
        var initial = Enumerable.Range(0, carried).Select(i => Input(i + 2)?.Type ?? IrType.Unknown).ToArray();
        var startsEmpty = Enumerable.Range(0, carried).Select(i => context.IsEmptySequence(Input(i + 2))).ToArray();
        var assumed = CarriedTypes.Solve(context, this, body, 2, 1, initial, startsEmpty);
        for (var i = 0; i < carried; i++)
        {
            ok &= RegionTypes.AssignParameter(context, this, body.Parameters[i + 2], assumed[i]);
        }

        context.InferGraph(body);
        if (!ok || !CheckControlInputs(context))
        {
            return;
        }

        if (body.Outputs.Count != Results.Length + 1 || Results.Length < carried)
        {
            context.Error(this, InferenceCodes.BadAttributeValue,
                $"body yields {body.Outputs.Count} values but the loop has {carried} carried values and {Results.Length} results");
            return;
        }

        for (var i = 0; i < carried; i++)
        {
            SetCarriedResult(context, i, body.Outputs[i + 1].Type);
        }

        var trip = TripCount(context);
        for (var k = carried; k < Results.Length; k++)
        {
            SetScanResult(context, k, body.Outputs[k + 1].Type, trip);
        }
    }

    private bool CheckControlInputs(InferenceContext context)
    {
        if (this.InputTensor(0) is { } m && m.ElementType != ElementType.Unknown && m.ElementType != ElementType.I64)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"trip count M must be an i64 scalar but is {m}");
            return false;
        }

        if (this.InputTensor(1) is { } c && c.ElementType != ElementType.Unknown && c.ElementType != ElementType.Bool)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"cond must be a bool scalar but is {c}");
            return false;
        }

        return true;
    }

    private void SetCarriedResult(InferenceContext context, int i, IrType yielded)
    {
        var initial = Input(i + 2)?.Type ?? IrType.Unknown;
        var type = (initial, yielded) switch
        {
            (_, UnknownType) => RegionTypes.ClearShape(initial),
            (UnknownType, _) => yielded,
            _ when context.IsEmptySequence(Input(i + 2)) => RegionTypes.UnionWithEmpty(initial, yielded),
            _ => RegionTypes.UnionCarried(initial, yielded),
        };
        if (type is not null)
        {
            this.SetResult(i, type);
        }
        else
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"loop-carried value {i} starts as {initial} but the body yields {yielded}");
        }
    }

    private void SetScanResult(InferenceContext context, int k, IrType yielded, Dim trip)
    {
        switch (yielded)
        {
            case TensorType { Dims: { } dims } t:
                this.SetResult(k, t.ElementType, [trip, .. dims]);
                break;
            case TensorType t:
                this.SetResultUnranked(k, t.ElementType);
                break;
            case UnknownType:
                break;
            default:
                context.Error(this, InferenceCodes.TypeMismatch, $"scan output {k - CarriedCount} of the body must be a tensor but is {yielded}");
                break;
        }
    }

    private Dim TripCount(InferenceContext context) =>
        Input(1) is null && context.GetStaticInts(Input(0)) is [var m] && m >= 0 ? Dim.Of(m) : Dim.Unknown;
}
