using Qc.Core.Diagnostics;

namespace Qc.Ir.Graph;

/// <summary>Finds types for a loop's carried values that hold in every iteration, so that values whose shape does not
/// change keep it, and values whose shape changes keep what stays the same (rank, fixed dims).</summary>
/// <remarks>
/// Starting from the initial values' types, the body is inferred in a scratch context (its diagnostics and shape values are
/// discarded) and each carried parameter's type is widened by the union with what the body yields, until the body yields
/// values the parameters' types cover. When that does not settle within a few rounds, the parameters lose their shapes,
/// as ONNX's own inference does. A carried value that starts as a sequence known to be empty (<c>SequenceEmpty</c>, as
/// exporters accumulate results) is inferred as that empty sequence first; its type is then what the body yields for it,
/// since the empty sequence has no element to unite with. A carried optional may be yielded as the value it holds
/// (see <see cref="RegionTypes.UnionCarried"/>).
/// </remarks>
internal static class CarriedTypes
{
    private const int MaxRounds = 4;

    /// <summary>The parameter types to infer the body with. <paramref name="firstParameter"/> and <paramref name="firstOutput"/>
    /// are the indices of the first carried parameter and body output; <paramref name="startsEmpty"/> tells which initial
    /// values are sequences known to be empty.</summary>
    public static IrType[] Solve(InferenceContext context, Op loop, Graph body, int firstParameter, int firstOutput,
        IReadOnlyList<IrType> initial, IReadOnlyList<bool> startsEmpty)
    {
        var guess = initial.ToArray();
        var onlyEmpty = startsEmpty.ToArray();
        for (var round = 0; round < MaxRounds && guess.Length > 0; round++)
        {
            var scratch = new InferenceContext(context.Module, new DiagnosticBag(), context.Locate);
            for (var i = 0; i < guess.Length; i++)
            {
                var parameter = body.Parameters[firstParameter + i];
                RegionTypes.AssignParameter(scratch, loop, parameter, guess[i]);
                if (onlyEmpty[i])
                {
                    scratch.SetSequenceLength(parameter, 0);
                }
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
                var output = body.Outputs[firstOutput + i];
                var yielded = output.Type;
                if (onlyEmpty[i])
                {
                    if (!scratch.IsEmptySequence(output))
                    {
                        stable = false;
                        onlyEmpty[i] = false;
                        guess[i] = RegionTypes.UnionWithEmpty(initial[i], yielded) is { } joined and not UnknownType
                            ? joined : Fallback(initial[i], yielded);
                    }
                }
                else if (!RegionTypes.CoversCarried(assumed, yielded))
                {
                    stable = false;
                    guess[i] = RegionTypes.UnionCarried(assumed, yielded) is { } widened and not UnknownType && round < MaxRounds - 2
                        ? widened : Fallback(initial[i], yielded);
                }
            }

            if (stable)
            {
                return guess;
            }
        }

        return [.. guess.Select(RegionTypes.ClearShape)];
    }

    /// <summary>The initial type without shapes, made optional when the body yields an optional for a plain value or the
    /// reverse.</summary>
    private static IrType Fallback(IrType initial, IrType yielded) =>
        RegionTypes.ClearShape(RegionTypes.UnionCarried(initial, yielded) is { } u and not UnknownType ? u : initial);
}
