namespace Qc.Formats;

/// <summary>The value type of a format argument.</summary>
public enum FormatArgumentKind
{
    /// <summary>A bare word with no value, e.g. <c>symmetric</c>.</summary>
    Flag,

    /// <summary>A decimal integer, e.g. <c>group=32</c>.</summary>
    Integer,

    /// <summary>One of a fixed set of words, e.g. <c>scale=f16</c>.</summary>
    Choice,
}
