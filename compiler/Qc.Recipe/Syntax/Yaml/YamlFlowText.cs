using Qc.Core.Text;
using Qc.Recipe.Text;

namespace Qc.Recipe.Syntax.Yaml;

/// <summary>The source text of a YAML flow collection with its comments blanked out, offsets kept.</summary>
internal static class YamlFlowText
{
    /// <summary>The text of <paramref name="span"/> in <paramref name="source"/>.</summary>
    public static ScalarText Of(SourceText source, TextSpan span)
    {
        var text = source.Text;
        var start = Math.Clamp(span.Start, 0, text.Length);
        var end = Math.Clamp(span.End, start, text.Length);
        var chars = text[start..end].ToCharArray();
        var quote = '\0';
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"' && i + 1 < chars.Length)
                {
                    i++;
                }

                continue;
            }

            if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(chars[i - 1])))
            {
                while (i < chars.Length && chars[i] != '\n')
                {
                    chars[i++] = ' ';
                }
            }
        }

        return ScalarText.Contiguous(source, new string(chars).TrimEnd(), start);
    }
}
