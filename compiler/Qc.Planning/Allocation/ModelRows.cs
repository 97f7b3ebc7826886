using System.Collections.Immutable;

namespace Qc.Planning.Allocation;

/// <summary>The integer program of a problem as rows over columns <c>x[l,c]</c>, shared by the GLPK solver and the LP writer
/// so both state exactly the same model.</summary>
/// <remarks>Columns are numbered layer by layer from 0 (<see cref="ColumnStart"/>). Row kinds, in order: one exactly-one row
/// per layer, one row per budget, one row per tie pair and tie key, one row per cut.</remarks>
internal sealed class ModelRows
{
    private ModelRows(int[] columnStart, ImmutableArray<Row> rows)
    {
        ColumnStart = columnStart;
        Rows = rows;
    }

    /// <summary>The first column of each layer; the last entry is the column count.</summary>
    public int[] ColumnStart { get; }

    /// <summary>The rows.</summary>
    public ImmutableArray<Row> Rows { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount => ColumnStart[^1];

    /// <summary>Builds the rows of <paramref name="problem"/>.</summary>
    public static ModelRows Build(AllocationProblem problem)
    {
        var layers = problem.Layers;
        var start = new int[layers.Length + 1];
        for (var l = 0; l < layers.Length; l++)
        {
            start[l + 1] = start[l] + layers[l].Candidates.Length;
        }

        var rows = ImmutableArray.CreateBuilder<Row>();
        for (var l = 0; l < layers.Length; l++)
        {
            var cols = Enumerable.Range(start[l], layers[l].Candidates.Length).ToArray();
            rows.Add(new Row($"one_{l + 1}", RowSense.Equal, 1, cols, [.. cols.Select(_ => 1.0)]));
        }

        foreach (var b in problem.Budgets)
        {
            var cols = new List<int>();
            var vals = new List<double>();
            for (var l = 0; l < layers.Length; l++)
            {
                for (var c = 0; c < layers[l].Candidates.Length; c++)
                {
                    var cost = layers[l].Candidates[c].Cost(b.Resource);
                    if (cost != 0)
                    {
                        cols.Add(start[l] + c);
                        vals.Add(cost);
                    }
                }
            }

            rows.Add(new Row("budget_" + Sanitize(b.Resource), RowSense.AtMost, b.Limit, [.. cols], [.. vals]));
        }

        var groups = problem.TieLayerIndices();
        for (var g = 0; g < groups.Length; g++)
        {
            for (var i = 0; i + 1 < groups[g].Length; i++)
            {
                int a = groups[g][i], b = groups[g][i + 1];
                var keys = layers[a].Candidates.Concat(layers[b].Candidates).Select(c => c.EffectiveTieKey)
                    .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                for (var k = 0; k < keys.Length; k++)
                {
                    var cols = new List<int>();
                    var vals = new List<double>();
                    AddKeyColumns(layers[a], start[a], keys[k], 1.0, cols, vals);
                    AddKeyColumns(layers[b], start[b], keys[k], -1.0, cols, vals);
                    rows.Add(new Row($"tie_{g + 1}_{i + 1}_{k + 1}", RowSense.Equal, 0, [.. cols], [.. vals]));
                }
            }
        }

        for (var k = 0; k < problem.CutIndices.Length; k++)
        {
            var cut = problem.CutIndices[k];
            var cols = cut.Select((c, l) => start[l] + c).ToArray();
            rows.Add(new Row($"cut_{k + 1}", RowSense.AtMost, layers.Length - 1, cols, [.. cols.Select(_ => 1.0)]));
        }

        return new ModelRows(start, rows.ToImmutable());
    }

    /// <summary>Keeps letters, digits and underscores of a resource name, for row names.</summary>
    public static string Sanitize(string name) =>
        string.Concat(name.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_'));

    private static void AddKeyColumns(AllocationLayer layer, int start, string key, double sign, List<int> cols, List<double> vals)
    {
        for (var c = 0; c < layer.Candidates.Length; c++)
        {
            if (string.Equals(layer.Candidates[c].EffectiveTieKey, key, StringComparison.Ordinal))
            {
                cols.Add(start + c);
                vals.Add(sign);
            }
        }
    }
}

/// <summary>How a row compares with its right-hand side.</summary>
internal enum RowSense
{
    Equal,
    AtMost,
}

/// <summary>One linear constraint: <c>Σ Values[i]·x[Columns[i]] (= or ≤) Rhs</c>; columns are distinct.</summary>
internal sealed record Row(string Name, RowSense Sense, double Rhs, int[] Columns, double[] Values);
