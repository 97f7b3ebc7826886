using Qc.Core.Diagnostics;
using Qc.Core.Text;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Syntax.Yaml;
using Qc.Recipe.Text;

namespace Qc.Recipe.Preprocessing;

/// <summary>Replaces <c>${NAME}</c> and <c>${NAME:-default}</c> in scalar values. Variables come from the environment,
/// then from the recipe's <c>vars:</c> (whose values may refer to other variables; cycles are reported).
/// <c>$${</c> stands for a literal <c>${</c>.</summary>
/// <remarks>Substituted characters map to the <c>${...}</c> reference in the file, so an error inside a substituted value
/// points at the reference.</remarks>
internal sealed class VariableSubstitution
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Dictionary<string, YamlScalarSyntax> _vars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Value, bool Failed)> _resolved = new(StringComparer.Ordinal);
    private bool _failed;
    private readonly List<string> _expanding = [];
    private readonly RecipeDiagnostics _diagnostics;

    public VariableSubstitution(IReadOnlyDictionary<string, string> environment, RecipeDiagnostics diagnostics)
    {
        _environment = environment;
        _diagnostics = diagnostics;
    }

    /// <summary>Adds the variables of a <c>vars:</c> mapping (values must be scalars).</summary>
    public void AddVars(YamlMappingSyntax vars)
    {
        foreach (var entry in vars.Entries)
        {
            if (entry.Value is YamlScalarSyntax s)
            {
                _vars[entry.Name] = s;
            }
            else
            {
                _diagnostics.ReportWrongKind(entry.Value.Location, $"variable '{entry.Name}'", "a string", entry.Value.KindName);
            }
        }
    }

    /// <summary>Substitutes every scalar value of a tree (mapping keys stay as written).</summary>
    /// <remarks>Aliases make the tree a graph: each node is substituted once (memoized), and nodes deeper than the binder
    /// ever reads are left as they are, so alias chains cannot blow up time or stack.</remarks>
    public YamlNodeSyntax Apply(YamlNodeSyntax node) => Apply(node, 0);

    private YamlNodeSyntax Apply(YamlNodeSyntax node, int depth)
    {
        if (depth > MaxDepth)
        {
            return node;
        }

        if (_done.TryGetValue(node, out var known))
        {
            return known;
        }

        YamlNodeSyntax result = node switch
        {
            YamlScalarSyntax s => Apply(s),
            YamlSequenceSyntax { FlowText: { } flow } q when flow.Value.Contains('$', StringComparison.Ordinal) =>
                ApplyFlow(q.WithItems([.. q.Items.Select(i => Apply(i, depth + 1))]), flow),
            YamlSequenceSyntax q => q.WithItems([.. q.Items.Select(i => Apply(i, depth + 1))]),
            YamlMappingSyntax m => m.WithEntries([.. m.Entries.Select(e => e with { Value = Apply(e.Value, depth + 1) })]),
            _ => node,
        };
        _done[node] = result;
        return result;
    }

    /// <summary>The deepest node substituted (the binder reads a handful of levels).</summary>
    private const int MaxDepth = 16;

    private readonly Dictionary<YamlNodeSyntax, YamlNodeSyntax> _done = new(ReferenceEqualityComparer.Instance);

    /// <summary>Substitutes one scalar.</summary>
    public YamlScalarSyntax Apply(YamlScalarSyntax scalar)
    {
        if (!scalar.Value.Contains('$', StringComparison.Ordinal))
        {
            return scalar;
        }

        _failed = false;
        var text = Substitute(scalar.Text);
        return scalar.WithText(text, _failed);
    }

    private YamlSequenceSyntax ApplyFlow(YamlSequenceSyntax sequence, ScalarText flow)
    {
        // The items were substituted (and reported) already; the flow text repeats them, so its reports are dropped.
        var quiet = new VariableSubstitution(_environment, new RecipeDiagnostics());
        foreach (var (name, scalar) in _vars)
        {
            quiet._vars[name] = scalar;
        }

        quiet._failed = false;
        var text = quiet.Substitute(flow);
        return sequence.WithFlowText(text, quiet._failed);
    }

    private ScalarText Substitute(ScalarText text)
    {
        var value = text.Value;
        var pieces = new List<(string, int[])>();
        var i = 0;
        var literalStart = 0;
        void Flush(int end)
        {
            if (end > literalStart)
            {
                pieces.Add((value[literalStart..end], text.Offsets(literalStart, end - literalStart)));
            }
        }

        while (i < value.Length)
        {
            if (value[i] == '$' && i + 2 < value.Length && value[i + 1] == '$' && value[i + 2] == '{')
            {
                Flush(i);
                pieces.Add(("${", text.Offsets(i + 1, 2)));
                i += 3;
                literalStart = i;
                continue;
            }

            if (value[i] != '$' || i + 1 >= value.Length || value[i + 1] != '{')
            {
                i++;
                continue;
            }

            Flush(i);
            var close = FindClose(value, i + 2);
            if (close < 0)
            {
                _diagnostics.ReportBadSubstitution(text.LocationOf(new TextSpan(i, 2)), "'${' has no closing '}'");
                _failed = true;
                literalStart = i;
                i = value.Length;
                break;
            }

            var referenceSpan = TextSpan.FromBounds(i, close + 1);
            var body = value[(i + 2)..close];
            var replacement = Resolve(body, text, referenceSpan) ?? value[referenceSpan.Start..referenceSpan.End];
            var map = new int[replacement.Length];
            for (var k = 0; k < map.Length; k++)
            {
                map[k] = text.OffsetOf(Math.Min(referenceSpan.Start + k, referenceSpan.End - 1));
            }

            pieces.Add((replacement, map));
            i = close + 1;
            literalStart = i;
        }

        Flush(value.Length);
        return ScalarText.Concat(text.Source, pieces, text.OffsetOf(value.Length));
    }

    private static int FindClose(string value, int from)
    {
        var depth = 0;
        for (var k = from; k < value.Length; k++)
        {
            if (value[k] == '{')
            {
                depth++;
            }
            else if (value[k] == '}')
            {
                if (depth == 0)
                {
                    return k;
                }

                depth--;
            }
        }

        return -1;
    }

    /// <summary>The value of a reference body (<c>NAME</c> or <c>NAME:-default</c>), or null after reporting a problem.</summary>
    private string? Resolve(string body, ScalarText text, TextSpan referenceSpan)
    {
        var location = text.LocationOf(referenceSpan);
        var sep = body.IndexOf(":-", StringComparison.Ordinal);
        var name = sep >= 0 ? body[..sep] : body;
        if (!IsName(name))
        {
            _diagnostics.ReportBadSubstitution(location, name.Length == 0 ? "'${}' names no variable" : $"'{name}' is not a variable name");
            _failed = true;
            return null;
        }

        if (Lookup(name, location) is { } found)
        {
            return found;
        }

        if (sep >= 0)
        {
            var fallback = body[(sep + 2)..];
            return fallback.Contains("${", StringComparison.Ordinal)
                ? Substitute(ScalarText.Contiguous(text.Source, fallback, text.OffsetOf(referenceSpan.Start + 2 + sep + 2))).Value
                : fallback;
        }

        _diagnostics.ReportUndefinedVariable(location, name, _vars.Keys.Concat(_environment.Keys).Order(StringComparer.Ordinal));
        _failed = true;
        return null;
    }

    private string? Lookup(string name, Location location)
    {
        if (_environment.TryGetValue(name, out var env))
        {
            return env;
        }

        if (_resolved.TryGetValue(name, out var done))
        {
            _failed |= done.Failed;
            return done.Value;
        }

        if (!_vars.TryGetValue(name, out var scalar))
        {
            return null;
        }

        if (_expanding.Contains(name))
        {
            var cycle = _expanding.SkipWhile(n => n != name).Append(name).ToList();
            _diagnostics.ReportVariableCycle(location, cycle);
            _failed = true;
            return string.Empty;
        }

        var outer = _failed;
        _failed = false;
        _expanding.Add(name);
        var value = Substitute(scalar.Text).Value;
        _expanding.RemoveAt(_expanding.Count - 1);
        _resolved[name] = (value, _failed);
        _failed |= outer;
        return value;
    }

    private static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
