using System.Diagnostics;
using System.Globalization;

namespace Qc.Planning.Allocation;

/// <summary>Solves any allocation problem exactly with GLPK's branch and cut (<c>glp_intopt</c>, presolver on, output off).</summary>
/// <remarks>Binary columns <c>x[l,c]</c>; rows from <see cref="ModelRows"/>; pins fix excluded columns to 0 by their bounds.
/// The answer is read back, rounded, and re-checked in C# against every constraint before it is returned. GLPK's relative
/// objective tolerance is tightened to 1e-12 so that its optimum matches the exact DP.</remarks>
public sealed class GlpkSolver : IAllocationSolver
{
    /// <inheritdoc/>
    public string Name => "glpk";

    /// <summary>True when GLPK can be loaded; otherwise <paramref name="reason"/> says what was tried.</summary>
    public static bool IsAvailable(out string? reason) => GlpkLibrary.TryLoad(out reason);

    /// <inheritdoc/>
    public AllocationResult Solve(AllocationProblem problem, AllocationOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        if (!GlpkLibrary.TryLoad(out var reason))
        {
            return AllocationResult.Empty(AllocationStatus.Unavailable, Name, clock.Elapsed, reason);
        }

        var model = ModelRows.Build(problem);
        lock (GlpkLibrary.Gate)
        {
            _ = GlpkNative.TermOut(GlpkNative.Off);
            var lp = GlpkNative.CreateProb();
            try
            {
                Load(lp, problem, model);
                var parm = default(Iocp);
                GlpkNative.InitIocp(ref parm);
                parm.msg_lev = GlpkNative.MsgOff;
                parm.presolve = GlpkNative.On;
                parm.tol_obj = 1e-12;
                parm.mip_gap = 0;
                parm.tm_lim = (int)Math.Clamp(options.TimeLimit.TotalMilliseconds, 1, int.MaxValue);
                var ret = GlpkNative.IntOpt(lp, ref parm);
                var status = GlpkNative.MipStatus(lp);
                return Interpret(problem, model, lp, ret, status, clock);
            }
            finally
            {
                GlpkNative.DeleteProb(lp);
            }
        }
    }

    private static unsafe void Load(IntPtr lp, AllocationProblem problem, ModelRows model)
    {
        GlpkNative.SetObjDir(lp, GlpkNative.Min);
        var ncols = model.ColumnCount;
        _ = GlpkNative.AddCols(lp, ncols);
        for (var l = 0; l < problem.Layers.Length; l++)
        {
            var cands = problem.Layers[l].Candidates;
            for (var c = 0; c < cands.Length; c++)
            {
                var col = model.ColumnStart[l] + c + 1;
                GlpkNative.SetColKind(lp, col, GlpkNative.Bv);
                GlpkNative.SetObjCoef(lp, col, cands[c].Sensitivity);
                if (!problem.Allowed[l][c])
                {
                    GlpkNative.SetColBnds(lp, col, GlpkNative.Fx, 0, 0);
                }
            }
        }

        var rows = model.Rows;
        _ = GlpkNative.AddRows(lp, rows.Length);
        var ne = 0;
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            if (row.Sense == RowSense.Equal)
            {
                GlpkNative.SetRowBnds(lp, r + 1, GlpkNative.Fx, row.Rhs, row.Rhs);
            }
            else
            {
                GlpkNative.SetRowBnds(lp, r + 1, GlpkNative.Up, 0, row.Rhs);
            }

            ne += row.Columns.Length;
        }

        // 1-based triplets: index 0 is unused by glp_load_matrix.
        var ia = new int[ne + 1];
        var ja = new int[ne + 1];
        var ar = new double[ne + 1];
        var k = 1;
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            for (var i = 0; i < row.Columns.Length; i++, k++)
            {
                ia[k] = r + 1;
                ja[k] = row.Columns[i] + 1;
                ar[k] = row.Values[i];
            }
        }

        fixed (int* pia = ia, pja = ja)
        fixed (double* par = ar)
        {
            GlpkNative.LoadMatrix(lp, ne, pia, pja, par);
        }
    }

    private AllocationResult Interpret(AllocationProblem problem, ModelRows model, IntPtr lp, int ret, int status, Stopwatch clock)
    {
        var hasSolution = status is GlpkNative.Opt or GlpkNative.Feas;
        if (!hasSolution)
        {
            var (st, detail) = (ret, status) switch
            {
                (GlpkNative.ETmLim, _) => (AllocationStatus.TimeLimit, "the time limit passed before GLPK found a feasible allocation"),
                (GlpkNative.ENoPfs, _) or (0, GlpkNative.NoFeas) => (AllocationStatus.Infeasible, "GLPK proved that no allocation satisfies the constraints"),
                _ => (AllocationStatus.Failed, string.Create(CultureInfo.InvariantCulture, $"glp_intopt returned {ret} with MIP status {status}")),
            };
            return AllocationResult.Empty(st, Name, clock.Elapsed, detail);
        }

        var choice = new int[problem.Layers.Length];
        for (var l = 0; l < choice.Length; l++)
        {
            var best = -1;
            for (var c = 0; c < problem.Layers[l].Candidates.Length; c++)
            {
                if (GlpkNative.MipColVal(lp, model.ColumnStart[l] + c + 1) > 0.5)
                {
                    best = c;
                }
            }

            choice[l] = best;
        }

        clock.Stop();
        var violation = choice.Contains(-1) ? "a layer has no chosen candidate" : AssignmentCheck.FindViolation(problem, choice);
        if (violation is not null)
        {
            return AllocationResult.Empty(AllocationStatus.Failed, Name, clock.Elapsed, "GLPK returned an allocation that breaks a constraint: " + violation);
        }

        return status == GlpkNative.Opt && ret == 0
            ? AllocationResult.FromAssignment(problem, choice, AllocationStatus.Optimal, Name, clock.Elapsed)
            : AllocationResult.FromAssignment(problem, choice, AllocationStatus.Feasible, Name, clock.Elapsed,
                "the time limit passed; GLPK's best allocation so far is not proven optimal");
    }
}
