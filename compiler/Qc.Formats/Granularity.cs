namespace Qc.Formats;

/// <summary>Which elements share one scale (and zero point).</summary>
public abstract record Granularity
{
    private protected Granularity()
    {
    }

    /// <summary>The canonical text of the granularity argument(s), e.g. <c>per_tensor</c>, <c>axis=0</c>, <c>group=32</c>.</summary>
    public abstract string ToText();
}
