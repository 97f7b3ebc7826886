using System.Text;

namespace Qc.Driver.Packages;

/// <summary>Left-aligned text columns padded to their widest cell; the last column is not padded.</summary>
internal static class TextTable
{
    public static string Format(IReadOnlyList<string[]> rows, string indent)
    {
        var columns = rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            sb.Append(indent);
            for (var c = 0; c < row.Length; c++)
            {
                sb.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
