namespace Qc.Formats;

/// <summary>One scale for the whole tensor.</summary>
public sealed record PerTensor : Granularity
{
    /// <summary>The one instance.</summary>
    public static PerTensor Instance { get; } = new();

    /// <inheritdoc/>
    public override string ToText() => "per_tensor";
}
