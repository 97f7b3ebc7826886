using Qc.Core.Diagnostics;
using Qc.Core.Text;

namespace Qc.Recipe.Text;

/// <summary>The value of a YAML scalar together with the file offset of each of its characters, so that a span inside
/// the value (an expression token) maps back to the exact place in the file even after YAML unescaping, line folding
/// and <c>${VAR}</c> substitution.</summary>
internal sealed class ScalarText
{
    private readonly int[] _offsets;

    /// <summary>Creates a scalar text; <paramref name="offsets"/> has one file offset per character plus the end offset.</summary>
    public ScalarText(SourceText source, string value, int[] offsets)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Length != value.Length + 1)
        {
            throw new ArgumentException("one offset per character plus the end offset is required", nameof(offsets));
        }

        Source = source;
        Value = value;
        _offsets = offsets;
    }

    /// <summary>The file the characters come from.</summary>
    public SourceText Source { get; }

    /// <summary>The scalar's value.</summary>
    public string Value { get; }

    /// <summary>A text whose characters sit one after another in the file from <paramref name="start"/>.</summary>
    public static ScalarText Contiguous(SourceText source, string value, int start)
    {
        var offsets = new int[value.Length + 1];
        for (var i = 0; i <= value.Length; i++)
        {
            offsets[i] = start + i;
        }

        return new ScalarText(source, value, offsets);
    }

    /// <summary>The file offset of character <paramref name="index"/> (the end offset for <c>index == Length</c>).</summary>
    public int OffsetOf(int index) => _offsets[Math.Clamp(index, 0, _offsets.Length - 1)];

    /// <summary>Maps a span of the value to a span of the file.</summary>
    public TextSpan ToFileSpan(TextSpan span)
    {
        var start = OffsetOf(span.Start);
        if (span.Length <= 0)
        {
            return new TextSpan(start, 0);
        }

        var last = OffsetOf(span.End - 1);
        return TextSpan.FromBounds(start, Math.Max(start + 1, last + 1));
    }

    /// <summary>The location of a span of the value.</summary>
    public Location LocationOf(TextSpan span) => new SourceLocation(Source, ToFileSpan(span));

    /// <summary>The location of the whole value.</summary>
    public Location Location => LocationOf(new TextSpan(0, Value.Length));

    /// <summary>Concatenates pieces, keeping each character's offset.</summary>
    public static ScalarText Concat(SourceText source, IReadOnlyList<(string Text, int[] Offsets)> pieces, int endOffset)
    {
        var value = string.Concat(pieces.Select(p => p.Text));
        var offsets = new int[value.Length + 1];
        var k = 0;
        foreach (var (text, map) in pieces)
        {
            for (var i = 0; i < text.Length; i++)
            {
                offsets[k++] = map[i];
            }
        }

        offsets[k] = endOffset;
        return new ScalarText(source, value, offsets);
    }

    /// <summary>The offsets of characters [start, start + length).</summary>
    public int[] Offsets(int start, int length)
    {
        var result = new int[length];
        Array.Copy(_offsets, start, result, 0, length);
        return result;
    }

    /// <summary>Builds the offset map of a scalar from its value and the file text between its start and end marks, by
    /// aligning the value's characters with the source (quotes, escapes, indentation and line folds are skipped).</summary>
    /// <remarks>An escape that produces a character absent from the source (<c>\t</c>, <c>\x41</c>) maps to the escape.</remarks>
    public static ScalarText Align(SourceText source, string value, int start, int end, bool quoted)
    {
        var text = source.Text;
        end = Math.Clamp(end, 0, text.Length);
        start = Math.Clamp(start, 0, end);
        var offsets = new int[value.Length + 1];
        var p = start;
        if (quoted && p < end && text[p] is '"' or '\'')
        {
            p++;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var j = p;
            var nonBlankSkipped = 0;
            var found = -1;
            while (j < end)
            {
                if (text[j] == c)
                {
                    found = j;
                    break;
                }

                if (text[j] is not (' ' or '\t' or '\r' or '\n'))
                {
                    // escapes skip at most a few characters (\\, \", '', \x41, \u0041)
                    if (++nonBlankSkipped > 10)
                    {
                        break;
                    }
                }

                j++;
            }

            if (found >= 0)
            {
                offsets[i] = found;
                p = found + 1;
            }
            else
            {
                offsets[i] = Math.Min(p, Math.Max(start, end - 1));
            }
        }

        offsets[value.Length] = value.Length == 0 ? Math.Min(p, end) : Math.Min(offsets[value.Length - 1] + 1, end);
        return new ScalarText(source, value, offsets);
    }
}
