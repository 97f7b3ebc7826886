namespace Qc.Ir.Graph;

/// <summary>Registers the Sequence op family.</summary>
internal static class SequenceOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
    }
}
