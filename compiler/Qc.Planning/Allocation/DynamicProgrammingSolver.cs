using System.Diagnostics;
using System.Globalization;

namespace Qc.Planning.Allocation;

/// <summary>Solves the single-budget problem without ties or cuts exactly, as a multiple-choice knapsack over a discretised
/// budget: the test reference for <see cref="GlpkSolver"/>.</summary>
/// <remarks>
/// <para>Each layer's smallest allowed cost is subtracted first (the model then starts at the smallest model, and the
/// capacity is the budget left above it, capped at the most any assignment can add). <c>cur[t]</c> is the least summed
/// sensitivity of the layers so far with added cost exactly <c>t</c> units; every layer relaxes
/// <c>nxt[t] = min(nxt[t], cur[t − w] + s)</c> over its allowed candidates and records its choice in a byte table, and the
/// answer is walked back from the best <c>t</c>. Time O(L·K·C), memory L·(C + 1) bytes.</para>
/// <para>Costs are counted in units of <see cref="AllocationOptions.DpResolution"/> (automatic: 1 when the shifted costs are
/// integers and the table fits, else the smallest unit that fits) and rounded up, so the answer always fits the real budget.
/// When a rounding actually happens the answer is optimal only on that grid and the status is
/// <see cref="AllocationStatus.OptimalOnGrid"/>.</para>
/// <para>With several budgets, ties or cuts the status is <see cref="AllocationStatus.NotApplicable"/>.</para>
/// </remarks>
public sealed class DynamicProgrammingSolver : IAllocationSolver
{
    /// <inheritdoc/>
    public string Name => "dp";

    /// <inheritdoc/>
    public AllocationResult Solve(AllocationProblem problem, AllocationOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        if (problem.Budgets.Length > 1 || !problem.Ties.IsEmpty || !problem.Cuts.IsEmpty)
        {
            return AllocationResult.Empty(AllocationStatus.NotApplicable, Name, clock.Elapsed,
                "the dynamic program handles one budget without ties or cuts");
        }

        var layers = problem.Layers;
        var count = layers.Length;
        var costs = problem.Budgets.IsEmpty
            ? [.. layers.Select(l => new double[l.Candidates.Length])]
            : problem.CostTable(problem.Budgets[0].Resource);
        var limit = problem.Budgets.IsEmpty ? 0.0 : problem.Budgets[0].Limit;

        // Shift every layer by its smallest allowed cost.
        var baseTotal = 0.0;
        var range = 0.0;
        var minCost = new double[count];
        for (var l = 0; l < count; l++)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (var c = 0; c < costs[l].Length; c++)
            {
                if (problem.Allowed[l][c])
                {
                    lo = Math.Min(lo, costs[l][c]);
                    hi = Math.Max(hi, costs[l][c]);
                }
            }

            if (double.IsPositiveInfinity(lo))
            {
                return AllocationResult.Empty(AllocationStatus.Infeasible, Name, clock.Elapsed, $"the pins leave layer '{layers[l].Name}' no candidate");
            }

            minCost[l] = lo;
            baseTotal += lo;
            range += hi - lo;
        }

        var slack = limit - baseTotal;
        if (slack < -(AssignmentCheck.BudgetTolerance * Math.Max(1.0, Math.Abs(limit))))
        {
            return AllocationResult.Empty(AllocationStatus.Infeasible, Name, clock.Elapsed, "the smallest model exceeds the budget");
        }

        slack = Math.Clamp(slack, 0, range);
        var integral = true;
        for (var l = 0; l < count && integral; l++)
        {
            for (var c = 0; c < costs[l].Length; c++)
            {
                var d = costs[l][c] - minCost[l];
                if (problem.Allowed[l][c] && d != Math.Floor(d))
                {
                    integral = false;
                    break;
                }
            }
        }

        var maxBytes = Math.Min(options.DpMaxTableBytes, Array.MaxLength);
        var maxUnits = Math.Max(0L, (maxBytes / Math.Max(1, count)) - 1);
        double unit;
        if (options.DpResolution is { } given)
        {
            if (!(given > 0) || !double.IsFinite(given))
            {
                throw new ArgumentException("the DP resolution must be positive", nameof(options));
            }

            unit = given;
        }
        else
        {
            unit = integral && Math.Floor(slack) <= maxUnits ? 1.0 : Math.Max(slack / Math.Max(1, maxUnits), double.Epsilon);
        }

        var capacityD = Math.Floor((slack / unit) + 1e-9);
        if (capacityD > maxUnits)
        {
            return AllocationResult.Empty(AllocationStatus.NotApplicable, Name, clock.Elapsed,
                string.Create(CultureInfo.InvariantCulture, $"the DP table would need {(capacityD + 1) * count} bytes, more than {options.DpMaxTableBytes}"));
        }

        var capacity = (int)capacityD;
        var exact = true;
        var weight = new int[count][];
        for (var l = 0; l < count; l++)
        {
            weight[l] = new int[costs[l].Length];
            for (var c = 0; c < costs[l].Length; c++)
            {
                var units = (costs[l][c] - minCost[l]) / unit;
                var rounded = Math.Ceiling(units - 1e-9);
                exact &= !problem.Allowed[l][c] || Math.Abs(units - Math.Round(units)) <= 1e-9;
                weight[l][c] = (int)Math.Min(rounded, capacity + 1.0);
            }
        }

        var choice = Run(problem, weight, capacity);
        clock.Stop();
        if (choice is null)
        {
            return AllocationResult.Empty(AllocationStatus.Infeasible, Name, clock.Elapsed, "no allocation fits the budget");
        }

        return exact
            ? AllocationResult.FromAssignment(problem, choice, AllocationStatus.Optimal, Name, clock.Elapsed)
            : AllocationResult.FromAssignment(problem, choice, AllocationStatus.OptimalOnGrid, Name, clock.Elapsed,
                string.Create(CultureInfo.InvariantCulture, $"costs were rounded up to units of {unit:G6}; the allocation is optimal on that grid, not proven optimal"));
    }

    /// <summary>The DP proper over integer weights; null when no assignment fits.</summary>
    private static int[]? Run(AllocationProblem problem, int[][] weight, int capacity)
    {
        var layers = problem.Layers;
        var count = layers.Length;
        var width = capacity + 1;
        var table = new byte[count * width];
        var cur = new double[width];
        var nxt = new double[width];
        Array.Fill(cur, double.PositiveInfinity);
        cur[0] = 0;
        for (var l = 0; l < count; l++)
        {
            Array.Fill(nxt, double.PositiveInfinity);
            var row = table.AsSpan(l * width, width);
            var cands = layers[l].Candidates;
            for (var c = 0; c < cands.Length; c++)
            {
                var w = weight[l][c];
                if (!problem.Allowed[l][c] || w > capacity)
                {
                    continue;
                }

                var s = cands[c].Sensitivity;
                for (var t = w; t < width; t++)
                {
                    var v = cur[t - w] + s;
                    if (v < nxt[t])
                    {
                        nxt[t] = v;
                        row[t] = (byte)c;
                    }
                }
            }

            (cur, nxt) = (nxt, cur);
        }

        var best = -1;
        for (var t = 0; t < width; t++)
        {
            if (!double.IsPositiveInfinity(cur[t]) && (best < 0 || cur[t] < cur[best]))
            {
                best = t;
            }
        }

        if (best < 0)
        {
            return null;
        }

        var choice = new int[count];
        for (var l = count - 1; l >= 0; l--)
        {
            var c = table[(l * width) + best];
            choice[l] = c;
            best -= weight[l][c];
        }

        Debug.Assert(best == 0, "the walk back ends at zero added cost");
        return choice;
    }
}
