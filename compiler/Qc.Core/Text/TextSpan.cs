namespace Qc.Core.Text;

/// <summary>A half-open range of character offsets [Start, Start + Length) in a <see cref="SourceText"/>.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>The offset one past the last character.</summary>
    public int End => Start + Length;

    /// <summary>Builds a span from a start and an end offset.</summary>
    public static TextSpan FromBounds(int start, int end) => new(start, Math.Max(0, end - start));
}
