using System.Globalization;
using System.Text;
using Qc.Runtime;

namespace Qc.Driver.Packages;

/// <summary>Prints a runtime profile as a table: per kernel in schedule order its calls, total and mean time and share.</summary>
internal static class ProfileText
{
    public static string Format(QcProfile profile)
    {
        var total = profile.Total;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"profile: {profile.Runs} run{(profile.Runs == 1 ? "" : "s")}, kernels {total.TotalMilliseconds:0.000} ms in all\n");
        var rows = new List<string[]> { new[] { "#", "kernel", "symbol", "calls", "total ms", "mean us", "share" } };
        foreach (var k in profile.Kernels)
        {
            var share = total > TimeSpan.Zero ? 100 * k.Total / total : 0;
            rows.Add(
            [
                k.Index.ToString(CultureInfo.InvariantCulture), k.Name, k.Symbol, k.Calls.ToString(CultureInfo.InvariantCulture),
                k.Total.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture),
                k.Mean.TotalMicroseconds.ToString("0.0", CultureInfo.InvariantCulture),
                share.ToString("0.0", CultureInfo.InvariantCulture) + "%",
            ]);
        }

        sb.Append(TextTable.Format(rows, "  "));
        return sb.ToString();
    }
}
