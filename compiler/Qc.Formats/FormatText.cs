namespace Qc.Formats;

/// <summary>Parses the recipe text of a format: <c>name</c> or <c>name(arg, key=value, …)</c>, whitespace allowed between tokens.</summary>
internal static class FormatText
{
    public static bool TryParse(
        string text,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NumberFormat? format,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        format = null;
        var s = text.Trim();
        var open = s.IndexOf('(', StringComparison.Ordinal);
        var name = (open < 0 ? s : s[..open]).Trim();
        if (name.Length == 0)
        {
            error = $"expected a number format name, got '{text}'";
            return false;
        }

        var args = new List<FormatArgumentSyntax>();
        if (open >= 0)
        {
            if (!s.EndsWith(')'))
            {
                error = $"{name}: missing ')' at the end of '{text}'";
                return false;
            }

            var inner = s[(open + 1)..^1];
            if (inner.Contains('(', StringComparison.Ordinal) || inner.Contains(')', StringComparison.Ordinal))
            {
                error = $"{name}: unbalanced parentheses in '{text}'";
                return false;
            }

            if (inner.Trim().Length > 0)
            {
                foreach (var part in inner.Split(','))
                {
                    var p = part.Trim();
                    var eq = p.IndexOf('=', StringComparison.Ordinal);
                    var key = (eq < 0 ? p : p[..eq]).Trim();
                    if (key.Length == 0 || !IsWord(key))
                    {
                        error = $"{name}: expected an argument name, got '{p}'";
                        return false;
                    }

                    string? value = null;
                    if (eq >= 0)
                    {
                        value = p[(eq + 1)..].Trim();
                        if (value.Length == 0)
                        {
                            error = $"{name}: argument '{key}' has an empty value";
                            return false;
                        }
                    }

                    args.Add(new FormatArgumentSyntax(key, value));
                }
            }
        }

        return FormatRegistry.TryCreate(name, args, out format, out error);
    }

    private static bool IsWord(string s)
    {
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
