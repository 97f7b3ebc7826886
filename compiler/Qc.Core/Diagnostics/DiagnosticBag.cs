using System.Collections;

namespace Qc.Core.Diagnostics;

/// <summary>Collects the diagnostics of one phase. Not a channel between components: a phase returns its bag with its result.</summary>
public sealed class DiagnosticBag : IEnumerable<Diagnostic>
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>Number of diagnostics.</summary>
    public int Count => _items.Count;

    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => _items.Exists(d => d.IsError);

    /// <summary>Adds one diagnostic.</summary>
    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    /// <summary>Adds many diagnostics.</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>Reports an error.</summary>
    public Diagnostic Error(int code, Location location, string message, string? hint = null)
    {
        var d = new Diagnostic(new DiagnosticCode(code), Severity.Error, location, message, hint);
        _items.Add(d);
        return d;
    }

    /// <summary>Reports a warning.</summary>
    public Diagnostic Warning(int code, Location location, string message, string? hint = null)
    {
        var d = new Diagnostic(new DiagnosticCode(code), Severity.Warning, location, message, hint);
        _items.Add(d);
        return d;
    }

    /// <inheritdoc/>
    public IEnumerator<Diagnostic> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
