using System.Globalization;
using System.Text;

namespace Qc.Driver.Compile;

/// <summary>Draws a Pareto sweep as a standalone SVG, by hand and deterministically (fixed layout, invariant numbers with one
/// decimal): stored size on x; predicted output MSE on the left axis (logarithmic when every value is positive and they span
/// more than a factor of 10), with the front as a line, front points filled and dominated points hollow; measured MSE as
/// diamonds; measured accuracy (top-1 or agreement, %) on a right axis with the fp32 value as a dashed line.</summary>
internal static class ParetoSvg
{
    private const double Width = 760, Height = 460, Left = 84, Right = 84, Top = 56, Bottom = 64;
    private const double PlotW = Width - Left - Right, PlotH = Height - Top - Bottom;
    private const string Front = "#1f5fa8", Dominated = "#8c8c8c", Measured = "#d9731a", Accuracy = "#2b8a3e";

    /// <summary>The SVG text.</summary>
    public static string Write(ParetoOutcome outcome, string model)
    {
        var points = outcome.Points.Where(p => p.Feasible).ToList();
        var sizes = points.Select(p => p.SizeBytes / 1024.0).ToList();
        var x = Axis.Linear(sizes.Min(), sizes.Max());
        var errors = points.Select(p => p.PredictedMse).Concat(points.Select(p => p.MeasuredMse)).Where(double.IsFinite).ToList();
        var y = errors.All(e => e > 0) && errors.Max() > 10 * errors.Min() ? Axis.Log(errors.Min(), errors.Max()) : Axis.Linear(Math.Min(0, errors.Min()), errors.Max());
        var metric = outcome.AccuracyMetric;
        var accuracy = metric is null ? [] : points.Where(p => p.Evaluation is not null).Select(p => 100 * p.Evaluation!.Values[metric]).ToList();
        var reference = outcome.AccuracyReference is { } r ? 100 * r : (double?)null;
        var a = accuracy.Count == 0 ? null : Axis.Linear(Math.Min(accuracy.Min(), reference ?? double.MaxValue), Math.Max(accuracy.Max(), reference ?? double.MinValue));

        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(F($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(F($"<text x=\"{Width / 2:0.0}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">Pareto front of {Escape(model)}</text>\n"));
        svg.Append(F($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotW}\" height=\"{PlotH}\" fill=\"none\" stroke=\"black\"/>\n"));

        // x axis
        foreach (var t in x.Ticks)
        {
            var px = X(x, t);
            svg.Append(F($"<line x1=\"{px:0.0}\" y1=\"{Top + PlotH:0.0}\" x2=\"{px:0.0}\" y2=\"{Top + PlotH + 5:0.0}\" stroke=\"black\"/>\n"));
            svg.Append(F($"<text x=\"{px:0.0}\" y=\"{Top + PlotH + 19:0.0}\" text-anchor=\"middle\">{x.Label(t)}</text>\n"));
        }

        svg.Append(F($"<text x=\"{Left + (PlotW / 2):0.0}\" y=\"{Height - 18:0.0}\" text-anchor=\"middle\">stored size (KiB; fp32 {outcome.Fp32Bytes / 1024.0:0.0} KiB)</text>\n"));

        // left axis: error
        foreach (var t in y.Ticks)
        {
            var py = Y(y, t);
            svg.Append(F($"<line x1=\"{Left - 5:0.0}\" y1=\"{py:0.0}\" x2=\"{Left:0.0}\" y2=\"{py:0.0}\" stroke=\"black\"/>\n"));
            svg.Append(F($"<line x1=\"{Left:0.0}\" y1=\"{py:0.0}\" x2=\"{Left + PlotW:0.0}\" y2=\"{py:0.0}\" stroke=\"#e6e6e6\"/>\n"));
            svg.Append(F($"<text x=\"{Left - 8:0.0}\" y=\"{py + 4:0.0}\" text-anchor=\"end\">{y.Label(t)}</text>\n"));
        }

        svg.Append(F($"<text transform=\"translate(18 {Top + (PlotH / 2):0.0}) rotate(-90)\" text-anchor=\"middle\">output MSE vs fp32{(y.IsLog ? " (log)" : string.Empty)}</text>\n"));

        // right axis: measured accuracy
        if (a is not null)
        {
            foreach (var t in a.Ticks)
            {
                var py = Y(a, t);
                svg.Append(F($"<line x1=\"{Left + PlotW:0.0}\" y1=\"{py:0.0}\" x2=\"{Left + PlotW + 5:0.0}\" y2=\"{py:0.0}\" stroke=\"{Accuracy}\"/>\n"));
                svg.Append(F($"<text x=\"{Left + PlotW + 8:0.0}\" y=\"{py + 4:0.0}\" fill=\"{Accuracy}\">{a.Label(t)}</text>\n"));
            }

            svg.Append(F($"<text transform=\"translate({Width - 14:0.0} {Top + (PlotH / 2):0.0}) rotate(90)\" text-anchor=\"middle\" fill=\"{Accuracy}\">measured {metric} (%)</text>\n"));
            if (reference is { } refValue)
            {
                var py = Y(a, refValue);
                svg.Append(F($"<line x1=\"{Left:0.0}\" y1=\"{py:0.0}\" x2=\"{Left + PlotW:0.0}\" y2=\"{py:0.0}\" stroke=\"{Accuracy}\" stroke-dasharray=\"6 4\"/>\n"));
                svg.Append(F($"<text x=\"{Left + 6:0.0}\" y=\"{py - 5:0.0}\" fill=\"{Accuracy}\">fp32 {refValue:0.00}%</text>\n"));
            }
        }

        // the front line, then the points
        var front = points.Where(p => p.Status == ParetoStatus.Front).OrderBy(p => p.SizeBytes).ToList();
        Polyline(svg, front.Select(p => (X(x, p.SizeBytes / 1024.0), Y(y, p.PredictedMse))), Front, null);
        foreach (var p in points)
        {
            var (px, py) = (X(x, p.SizeBytes / 1024.0), Y(y, p.PredictedMse));
            svg.Append(p.Status == ParetoStatus.Front
                ? F($"<circle cx=\"{px:0.0}\" cy=\"{py:0.0}\" r=\"4\" fill=\"{Front}\"><title>budget {p.Budget:0} bytes: predicted {p.PredictedMse:G4}</title></circle>\n")
                : F($"<circle cx=\"{px:0.0}\" cy=\"{py:0.0}\" r=\"4\" fill=\"white\" stroke=\"{Dominated}\"><title>dominated: budget {p.Budget:0} bytes</title></circle>\n"));
        }

        var measured = points.Where(p => double.IsFinite(p.MeasuredMse)).OrderBy(p => p.SizeBytes).ToList();
        foreach (var p in measured)
        {
            var (px, py) = (X(x, p.SizeBytes / 1024.0), Y(y, p.MeasuredMse));
            svg.Append(F($"<path d=\"M{px:0.0} {py - 5:0.0} L{px + 5:0.0} {py:0.0} L{px:0.0} {py + 5:0.0} L{px - 5:0.0} {py:0.0} Z\" fill=\"{Measured}\"/>\n"));
        }

        if (a is not null)
        {
            var acc = points.Where(p => p.Evaluation is not null).OrderBy(p => p.SizeBytes).ToList();
            Polyline(svg, acc.Select(p => (X(x, p.SizeBytes / 1024.0), Y(a, 100 * p.Evaluation!.Values[metric!]))), Accuracy, "3 3");
            foreach (var p in acc)
            {
                var (px, py) = (X(x, p.SizeBytes / 1024.0), Y(a, 100 * p.Evaluation!.Values[metric!]));
                svg.Append(F($"<rect x=\"{px - 3.5:0.0}\" y=\"{py - 3.5:0.0}\" width=\"7\" height=\"7\" fill=\"{Accuracy}\"/>\n"));
            }
        }

        Legend(svg, measured.Count > 0, a is not null ? metric : null);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Legend(StringBuilder svg, bool measured, string? metric)
    {
        var entries = new List<(string Shape, string Text)>
        {
            (F($"<circle cx=\"0\" cy=\"0\" r=\"4\" fill=\"{Front}\"/>"), "predicted (front)"),
            (F($"<circle cx=\"0\" cy=\"0\" r=\"4\" fill=\"white\" stroke=\"{Dominated}\"/>"), "predicted (dominated)"),
        };
        if (measured)
        {
            entries.Add((F($"<path d=\"M0 -5 L5 0 L0 5 L-5 0 Z\" fill=\"{Measured}\"/>"), "measured MSE"));
        }

        if (metric is not null)
        {
            entries.Add((F($"<rect x=\"-3.5\" y=\"-3.5\" width=\"7\" height=\"7\" fill=\"{Accuracy}\"/>"), "measured " + metric));
        }

        var x0 = Left + PlotW - 170;
        svg.Append(F($"<rect x=\"{x0:0.0}\" y=\"{Top + 8:0.0}\" width=\"162\" height=\"{(entries.Count * 18) + 8:0.0}\" fill=\"white\" stroke=\"#bbbbbb\"/>\n"));
        for (var i = 0; i < entries.Count; i++)
        {
            var cy = Top + 22 + (i * 18);
            svg.Append(F($"<g transform=\"translate({x0 + 14:0.0} {cy:0.0})\">{entries[i].Shape}</g>\n"));
            svg.Append(F($"<text x=\"{x0 + 26:0.0}\" y=\"{cy + 4:0.0}\">{Escape(entries[i].Text)}</text>\n"));
        }
    }

    private static void Polyline(StringBuilder svg, IEnumerable<(double X, double Y)> points, string color, string? dash)
    {
        var list = points.ToList();
        if (list.Count < 2)
        {
            return;
        }

        var coords = string.Join(" ", list.Select(p => F($"{p.X:0.0},{p.Y:0.0}")));
        svg.Append(F($"<polyline points=\"{coords}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"{(dash is null ? string.Empty : $" stroke-dasharray=\"{dash}\"")}/>\n"));
    }

    private static double X(Axis axis, double v) => Left + (PlotW * axis.Fraction(v));

    private static double Y(Axis axis, double v) => Top + PlotH - (PlotH * axis.Fraction(v));

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>A plot axis: its range, ticks and labels; linear with 1-2-5 steps, or logarithmic with decade ticks.</summary>
    internal sealed class Axis
    {
        private Axis(double low, double high, bool log, IReadOnlyList<double> ticks, int decimals)
        {
            Low = low;
            High = high;
            IsLog = log;
            Ticks = ticks;
            Decimals = decimals;
        }

        public double Low { get; }

        public double High { get; }

        public bool IsLog { get; }

        public IReadOnlyList<double> Ticks { get; }

        private int Decimals { get; }

        /// <summary>A linear axis over [low, high] widened to whole steps of 1, 2 or 5 × 10^k (about 5 intervals).</summary>
        public static Axis Linear(double low, double high)
        {
            if (!(high > low))
            {
                var pad = low == 0 ? 1 : Math.Abs(low) * 0.1;
                (low, high) = (low - pad, high + pad);
            }

            var raw = (high - low) / 5;
            var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw * (1 - 1e-9));
            var first = Math.Floor((low / step) + 1e-9) * step;
            var last = Math.Ceiling((high / step) - 1e-9) * step;
            var ticks = new List<double>();
            for (var i = 0; first + (i * step) <= last + (step * 1e-6); i++)
            {
                ticks.Add(first + (i * step));
            }

            return new Axis(first, last, false, ticks, Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9)));
        }

        /// <summary>A logarithmic axis over whole decades around [low, high] (both positive).</summary>
        public static Axis Log(double low, double high)
        {
            var lo = Math.Floor(Math.Log10(low) + 1e-9);
            var hi = Math.Ceiling(Math.Log10(high) - 1e-9);
            if (hi <= lo)
            {
                hi = lo + 1;
            }

            var ticks = new List<double>();
            for (var k = lo; k <= hi; k++)
            {
                ticks.Add(Math.Pow(10, k));
            }

            return new Axis(Math.Pow(10, lo), Math.Pow(10, hi), true, ticks, 0);
        }

        /// <summary>Where a value lies between the ends, 0 to 1.</summary>
        public double Fraction(double v) => IsLog
            ? (Math.Log10(v) - Math.Log10(Low)) / (Math.Log10(High) - Math.Log10(Low))
            : (v - Low) / (High - Low);

        /// <summary>A tick label.</summary>
        public string Label(double v) => IsLog
            ? "1e" + Math.Round(Math.Log10(v)).ToString(CultureInfo.InvariantCulture)
            : v.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
