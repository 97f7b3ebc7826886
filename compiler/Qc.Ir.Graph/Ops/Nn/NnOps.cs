namespace Qc.Ir.Graph;

/// <summary>Registers the Nn op family.</summary>
internal static class NnOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
    }
}
