using System.Diagnostics;
using System.Globalization;
using Qc.Driver.Compile;

namespace Qc.Cli.Commands;

/// <summary>Draws compile progress on stderr: a bar redrawn in place when stderr is a terminal, otherwise one line when a
/// step starts, every few seconds, and when it ends.</summary>
internal sealed class ProgressRenderer(TextWriter stderr, bool terminal) : IProgress<CompileProgress>
{
    private static readonly TimeSpan s_lineInterval = TimeSpan.FromSeconds(5);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string? _stage;
    private TimeSpan _lastLine = TimeSpan.MinValue;
    private bool _open;

    /// <summary>A renderer for the process's stderr (a terminal unless redirected), or for any writer (never a terminal).</summary>
    public static ProgressRenderer For(TextWriter stderr) =>
        new(stderr, ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);

    /// <inheritdoc/>
    public void Report(CompileProgress value)
    {
        var newStage = value.Stage != _stage;
        _stage = value.Stage;
        var text = Format(value);
        if (terminal)
        {
            stderr.Write("\r\u001b[2K" + text);
            _open = true;
            if (value.Finished)
            {
                stderr.WriteLine();
                _open = false;
            }

            return;
        }

        if (newStage || value.Finished || _clock.Elapsed - _lastLine >= s_lineInterval)
        {
            stderr.WriteLine(text);
            _lastLine = _clock.Elapsed;
        }
    }

    /// <summary>Ends an open bar line.</summary>
    public void Close()
    {
        if (_open)
        {
            stderr.WriteLine();
            _open = false;
        }
    }

    /// <summary>One progress line: stage, bar, counts, elapsed and ETA.</summary>
    internal static string Format(CompileProgress p)
    {
        const int width = 24;
        var fraction = p.Fraction ?? 0;
        var filled = (int)Math.Round(fraction * width);
        var bar = p.Total is null ? string.Empty : "[" + new string('#', filled) + new string('.', width - filled) + "] ";
        var counts = p.Total is { } t ? $"{p.Done}/{t}" : $"{p.Done}";
        var eta = p.Remaining is { } r && !p.Finished ? $", ETA {Seconds(r)}" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"qc: {p.Stage} {bar}{counts} ({Seconds(p.Elapsed)}{eta})");
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(t.TotalSeconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " s";
}
