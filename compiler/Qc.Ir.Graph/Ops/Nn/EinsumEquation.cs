using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>A parsed einsum equation such as <c>"...ij,jk->...ik"</c>: one term per operand and an optional explicit output.</summary>
internal sealed class EinsumEquation
{
    private EinsumEquation(ImmutableArray<Term> inputs, Term? output)
    {
        Inputs = inputs;
        Output = output;
    }

    /// <summary>The operand terms, in order.</summary>
    public ImmutableArray<Term> Inputs { get; }

    /// <summary>The explicit output term, or null in implicit mode.</summary>
    public Term? Output { get; }

    /// <summary>Parses an equation (spaces ignored); returns null and an error message when it is malformed.</summary>
    public static EinsumEquation? Parse(string equation, out string? error)
    {
        var text = equation.Replace(" ", string.Empty, StringComparison.Ordinal);
        var arrow = text.IndexOf("->", StringComparison.Ordinal);
        if (arrow >= 0 && text.IndexOf("->", arrow + 2, StringComparison.Ordinal) >= 0)
        {
            error = "equation has more than one '->'";
            return null;
        }

        var lhs = arrow >= 0 ? text[..arrow] : text;
        var inputs = ImmutableArray.CreateBuilder<Term>();
        foreach (var part in lhs.Split(','))
        {
            if (ParseTerm(part, out error) is not { } term)
            {
                return null;
            }

            inputs.Add(term);
        }

        Term? output = null;
        if (arrow >= 0)
        {
            output = ParseTerm(text[(arrow + 2)..], out error);
            if (output is null)
            {
                return null;
            }

            var known = inputs.SelectMany(t => t.Labels).ToHashSet();
            if (output.Labels.Any(c => !known.Contains(c)) || output.Labels.Distinct().Count() != output.Labels.Length)
            {
                error = $"output '{output.Labels}' repeats a label or uses one missing from the inputs";
                return null;
            }
        }

        error = null;
        return new EinsumEquation(inputs.ToImmutable(), output);
    }

    private static Term? ParseTerm(string text, out string? error)
    {
        var labels = new System.Text.StringBuilder();
        var ellipsis = -1;
        for (var i = 0; i < text.Length;)
        {
            if (string.CompareOrdinal(text, i, "...", 0, 3) == 0 && ellipsis < 0)
            {
                ellipsis = labels.Length;
                i += 3;
            }
            else if (char.IsAsciiLetter(text[i]))
            {
                labels.Append(text[i]);
                i++;
            }
            else
            {
                error = $"term '{text}' has an unexpected character at position {i}";
                return null;
            }
        }

        error = null;
        return new Term(labels.ToString(), ellipsis);
    }

    /// <summary>One term: its letter labels and where the ellipsis dims go (an index into <see cref="Labels"/>, or -1).</summary>
    public sealed record Term(string Labels, int EllipsisAt)
    {
        /// <summary>True when the term has an ellipsis.</summary>
        public bool HasEllipsis => EllipsisAt >= 0;
    }
}
