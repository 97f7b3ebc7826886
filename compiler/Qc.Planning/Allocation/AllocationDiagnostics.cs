using System.Collections.Immutable;
using System.Globalization;
using Qc.Core.Diagnostics;
using static Qc.Planning.Allocation.AllocationDiagnosticCodes;

namespace Qc.Planning.Allocation;

/// <summary>Every message of bit allocation, behind one <c>Report...</c> method each: lowercase, no trailing period, user names
/// in single quotes; the message says what is wrong, the hint what to do.</summary>
internal sealed class AllocationDiagnostics
{
    private const int MaxNamesListed = 5;
    private readonly DiagnosticBag _bag = new();

    /// <summary>True when an error was reported.</summary>
    public bool HasErrors => _bag.HasErrors;

    /// <summary>The diagnostics in report order.</summary>
    public ImmutableArray<Diagnostic> ToImmutableArray() => [.. _bag];

    public void ReportBudgetInfeasible(AllocationBudget budget, double smallest, IEnumerable<PinEffect> pins)
    {
        var notes = pins.Select(p => new DiagnosticNote(p.Location ?? Location.None,
            $"{Subject(p.Layers)} pinned to {Quoted(p.Allowed)} by {p.Origin}, adding {Amount(budget.Resource, p.Increase)} to the smallest {What(budget.Resource)}"))
            .ToArray();
        var message = budget.Resource == "size"
            ? $"bit allocation is infeasible: smallest model is {Amount(budget.Resource, smallest)}, budget is {Amount(budget.Resource, budget.Limit)}"
            : $"bit allocation is infeasible: smallest total '{budget.Resource}' is {Amount(budget.Resource, smallest)}, budget is {Amount(budget.Resource, budget.Limit)}";
        var hint = notes.Length > 0
            ? $"raise the '{budget.Resource}' budget to at least {Amount(budget.Resource, smallest)}, add smaller candidates, or narrow the pins above"
            : $"raise the '{budget.Resource}' budget to at least {Amount(budget.Resource, smallest)} or add smaller candidates";
        Error(BudgetInfeasible, budget.Location, message, hint, notes);
    }

    public void ReportTieContradictsPins(AllocationTie tie, IReadOnlyList<(string Layer, IReadOnlyList<string> Keys)> keysByLayer, IEnumerable<AllocationPin> pins)
    {
        var left = string.Join(", ", keysByLayer.Select(k => $"'{k.Layer}' with {(k.Keys.Count == 0 ? "nothing" : Quoted(k.Keys))}"));
        var notes = pins.Select(p => new DiagnosticNote(p.Location ?? Location.None, $"'{p.Layer}' is pinned to {Quoted(p.Allowed)} by {p.Origin}"))
            .Prepend(new DiagnosticNote(tie.Location ?? Location.None, $"the tie comes from {tie.Origin}"))
            .ToArray();
        Error(TieContradictsPins, tie.Location, $"tied layers can agree on no candidate: the pins leave {left}",
            "pin the tied layers alike, or remove the tie", notes);
    }

    public void ReportPinsLeaveNoCandidate(AllocationLayer layer, IEnumerable<AllocationPin> pins)
    {
        var notes = pins.Select(p => new DiagnosticNote(p.Location ?? Location.None, $"{p.Origin} allows {Quoted(p.Allowed)}")).ToArray();
        Error(PinsLeaveNoCandidate, layer.Location, $"the pins on layer '{layer.Name}' exclude every candidate",
            "make the pinning rules agree, or let the later rule override the earlier one", notes);
    }

    public void ReportTimeLimitWithoutSolution(string solver, TimeSpan limit) =>
        Error(TimeLimitWithoutSolution, null,
            string.Create(CultureInfo.InvariantCulture, $"bit allocation found no allocation within the time limit ({limit.TotalSeconds:0.###} s, solver '{solver}')"),
            "raise the time limit, loosen the budgets, or reduce the candidates per layer");

    public void ReportTimeLimitNotProven(string solver, TimeSpan limit) =>
        Warning(TimeLimitNotProven, null,
            string.Create(CultureInfo.InvariantCulture, $"bit allocation stopped at the time limit ({limit.TotalSeconds:0.###} s, solver '{solver}'); the allocation used is not proven optimal"),
            "raise the time limit for a proven optimum");

    public void ReportGlpkUnavailable(string? reason) =>
        Error(GlpkUnavailable, null, "the integer-programming solver GLPK is unavailable" + (reason is null ? string.Empty : ": " + reason),
            $"run scripts/setup.sh (it installs libglpk40) or set {GlpkLibrary.PathVariable} to the path of libglpk.so.40");

    public void ReportInfeasibleTogether(IEnumerable<AllocationBudget> budgets, int ties) =>
        Error(InfeasibleTogether, null,
            $"bit allocation is infeasible: each budget can be met alone, but no allocation meets {Together(budgets, ties)}",
            "loosen a budget, or remove a tie or pin");

    public void ReportNoUntriedAllocation(int tried) =>
        Error(NoUntriedAllocation, null,
            string.Create(CultureInfo.InvariantCulture, $"no allocation is left to try: the budgets admit none besides the {tried} already excluded"),
            "loosen the budgets or the accuracy gate, or allow more re-solve rounds with other candidates");

    public void ReportSolverFailed(string solver, string? detail) =>
        Error(SolverFailed, null, $"the solver '{solver}' failed" + (detail is null ? string.Empty : ": " + detail),
            "this is a bug in qc or the solver: report it with the problem's LP export (LpFileWriter), which 'glpsol --lp' can check");

    public void ReportSolverNotApplicable(string solver, string? detail) =>
        Error(SolverNotApplicable, null, $"the solver '{solver}' cannot solve this problem" + (detail is null ? string.Empty : ": " + detail),
            "use the GLPK solver, which handles any number of budgets, ties and cuts");

    /// <summary>Formats an amount of a resource: sizes in B/KiB/MiB/GiB, latencies (seconds) in s/ms/us, other resources as
    /// plain numbers.</summary>
    internal static string Amount(string resource, double value)
    {
        if (resource == "latency")
        {
            var (scaled, unit) = Math.Abs(value) >= 1 ? (value, "s") : Math.Abs(value) >= 1e-3 ? (value * 1e3, "ms") : (value * 1e6, "us");
            return scaled.ToString("G4", CultureInfo.InvariantCulture) + " " + unit;
        }

        if (resource != "size")
        {
            return value.ToString("G6", CultureInfo.InvariantCulture);
        }

        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        var u = 0;
        var v = value;
        while (Math.Abs(v) >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }

        return u == 0
            ? value.ToString("0.##", CultureInfo.InvariantCulture) + " bytes"
            : v.ToString("0.##", CultureInfo.InvariantCulture) + " " + units[u];
    }

    private static string What(string resource) => resource == "size" ? "model" : $"total '{resource}'";

    private static string Subject(IReadOnlyList<string> layers)
    {
        if (layers.Count == 1)
        {
            return $"'{layers[0]}' is";
        }

        var shown = string.Join(", ", layers.Take(MaxNamesListed).Select(n => $"'{n}'"));
        var more = layers.Count > MaxNamesListed ? $" and {layers.Count - MaxNamesListed} more" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{layers.Count} layers ({shown}{more}) are");
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string Together(IEnumerable<AllocationBudget> budgets, int ties)
    {
        var parts = budgets.Select(b => $"the '{b.Resource}' budget").ToList();
        if (ties > 0)
        {
            parts.Add(ties == 1 ? "the tie" : string.Create(CultureInfo.InvariantCulture, $"the {ties} ties"));
        }

        return parts.Count switch
        {
            0 => "the constraints",
            1 => parts[0],
            _ => string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1],
        };
    }

    private void Error(int code, Location? location, string message, string? hint, params DiagnosticNote[] notes) =>
        _bag.Add(new Diagnostic(new DiagnosticCode(code), Severity.Error, location ?? Location.None, message, hint) { Notes = [.. notes] });

    private void Warning(int code, Location? location, string message, string? hint, params DiagnosticNote[] notes) =>
        _bag.Add(new Diagnostic(new DiagnosticCode(code), Severity.Warning, location ?? Location.None, message, hint) { Notes = [.. notes] });
}

/// <summary>Pins of one origin that raise the smallest total of a resource, and by how much together.</summary>
internal sealed record PinEffect(string Origin, Location? Location, IReadOnlyList<string> Layers, IReadOnlyList<string> Allowed, double Increase);
