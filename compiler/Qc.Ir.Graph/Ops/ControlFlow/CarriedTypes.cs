using Qc.Core.Diagnostics;

namespace Qc.Ir.Graph;

/// <summary>Finds types for a loop's carried values that hold in every iteration, so that values whose shape does not
/// change keep it, and values whose shape changes keep what stays the same (rank, fixed dims).</summary>
/// <remarks>
/// Starting from the initial values' types, the body is inferred in a scratch context (its diagnostics and shape values are
/// discarded) and each carried parameter's type is widened by the union with what the body yields, until the body yields
/// values the parameters' types cover. When that does not settle within a few rounds, the parameters lose their shapes,
/// as ONNX's own inference does.
/// </remarks>
internal static class CarriedTypes
{
    private const int MaxRounds = 4;

    /// <summary>The parameter types to infer the body with. <paramref name="firstParameter"/> and <paramref name="firstOutput"/>
    /// are the indices of the first carried parameter and body output.</summary>
    public static IrType[] Solve(InferenceContext context, Op loop, Graph body, int firstParameter, int firstOutput, IReadOnlyList<IrType> initial)
    {
        var guess = initial.ToArray();
        for (var round = 0; round < MaxRounds && guess.Length > 0; round++)
        {
            var scratch = new InferenceContext(context.Module, new DiagnosticBag(), context.Locate);
            for (var i = 0; i < guess.Length; i++)
            {
                RegionTypes.AssignParameter(scratch, loop, body.Parameters[firstParameter + i], guess[i]);
            }

            scratch.InferGraph(body);
            if (body.Outputs.Count < firstOutput + guess.Length)
            {
                break;
            }

            var stable = true;
            for (var i = 0; i < guess.Length; i++)
            {
                var assumed = body.Parameters[firstParameter + i].Type;
                var yielded = body.Outputs[firstOutput + i].Type;
                if (!RegionTypes.Covers(assumed, yielded))
                {
                    stable = false;
                    guess[i] = RegionTypes.Union(assumed, yielded) is { } widened and not UnknownType && round < MaxRounds - 2
                        ? widened : RegionTypes.ClearShape(initial[i]);
                }
            }

            if (stable)
            {
                return guess;
            }
        }

        return [.. initial.Select(RegionTypes.ClearShape)];
    }
}
