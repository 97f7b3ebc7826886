using System.Globalization;
using System.Text;

namespace Qc.Planning.Allocation;

/// <summary>Writes an allocation problem in CPLEX LP format, for cross-checking with <c>glpsol --lp</c> or <c>cbc</c>.</summary>
/// <remarks>
/// Column <c>x_L_C</c> is candidate <c>C</c> of layer <c>L</c>, both 1-based; a comment block maps them to names. Rows are
/// those <see cref="GlpkSolver"/> builds (<c>one_L</c>, <c>budget_RESOURCE</c>, <c>tie_G_P_K</c>, <c>cut_K</c>) and excluded
/// candidates get the bound <c>x = 0</c>. Numbers use the invariant culture with round-trip precision and lines are wrapped
/// below 255 characters, so the output is deterministic and readable by GLPK's and CBC's LP readers.
/// </remarks>
public static class LpFileWriter
{
    private const int MaxLine = 200;

    /// <summary>The problem as LP text.</summary>
    public static string Write(AllocationProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var model = ModelRows.Build(problem);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"\\ qc bit allocation: {problem.Layers.Length} layers, {model.ColumnCount} columns, {model.Rows.Length} rows\n");
        for (var l = 0; l < problem.Layers.Length; l++)
        {
            var layer = problem.Layers[l];
            for (var c = 0; c < layer.Candidates.Length; c++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\ {Column(l, c)}: {Comment(layer.Name)} / {Comment(layer.Candidates[c].Name)}\n");
            }
        }

        sb.Append("Minimize\n");
        var terms = new List<(double, string)>();
        for (var l = 0; l < problem.Layers.Length; l++)
        {
            for (var c = 0; c < problem.Layers[l].Candidates.Length; c++)
            {
                terms.Add((problem.Layers[l].Candidates[c].Sensitivity, Column(l, c)));
            }
        }

        AppendExpression(sb, " obj:", terms);
        sb.Append('\n');
        sb.Append("Subject To\n");
        foreach (var row in model.Rows)
        {
            var rowTerms = row.Columns.Select((col, i) => (row.Values[i], ColumnOf(model, col))).ToList();
            AppendExpression(sb, " " + row.Name + ":", rowTerms);
            sb.Append(row.Sense == RowSense.Equal ? " = " : " <= ").Append(Number(row.Rhs)).Append('\n');
        }

        var excluded = new List<string>();
        for (var l = 0; l < problem.Layers.Length; l++)
        {
            for (var c = 0; c < problem.Layers[l].Candidates.Length; c++)
            {
                if (!problem.Allowed[l][c])
                {
                    excluded.Add(Column(l, c));
                }
            }
        }

        if (excluded.Count > 0)
        {
            sb.Append("Bounds\n");
            foreach (var name in excluded)
            {
                sb.Append(' ').Append(name).Append(" = 0\n");
            }
        }

        sb.Append("Binary\n");
        var line = new StringBuilder();
        for (var l = 0; l < problem.Layers.Length; l++)
        {
            for (var c = 0; c < problem.Layers[l].Candidates.Length; c++)
            {
                line.Append(' ').Append(Column(l, c));
                if (line.Length > MaxLine)
                {
                    sb.Append(line).Append('\n');
                    line.Clear();
                }
            }
        }

        if (line.Length > 0)
        {
            sb.Append(line).Append('\n');
        }

        sb.Append("End\n");
        return sb.ToString();
    }

    /// <summary>Writes the LP text to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void WriteFile(AllocationProblem problem, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = Write(problem);
        var temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    private static string Column(int layer, int candidate) =>
        string.Create(CultureInfo.InvariantCulture, $"x_{layer + 1}_{candidate + 1}");

    private static string ColumnOf(ModelRows model, int column)
    {
        var l = Array.BinarySearch(model.ColumnStart, column);
        if (l < 0)
        {
            l = ~l - 1;
        }
        else
        {
            while (l + 1 < model.ColumnStart.Length && model.ColumnStart[l + 1] == column)
            {
                l++;
            }
        }

        return Column(l, column - model.ColumnStart[l]);
    }

    private static void AppendExpression(StringBuilder sb, string head, List<(double Coef, string Name)> terms)
    {
        var line = new StringBuilder(head);
        var first = true;
        foreach (var (coef, name) in terms)
        {
            var term = (coef < 0 ? " - " : first ? " " : " + ") + Number(Math.Abs(coef)) + " " + name;
            if (line.Length + term.Length > MaxLine)
            {
                sb.Append(line).Append('\n');
                line.Clear().Append("   ");
            }

            line.Append(term);
            first = false;
        }

        if (first)
        {
            line.Append(" 0 x_1_1");
        }

        sb.Append(line);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Comment(string text) =>
        "'" + string.Concat(text.Select(ch => char.IsControl(ch) ? '?' : ch)) + "'";
}
