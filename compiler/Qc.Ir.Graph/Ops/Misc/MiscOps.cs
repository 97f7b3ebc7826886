namespace Qc.Ir.Graph;

/// <summary>Registers the Misc op family.</summary>
internal static class MiscOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
    }
}
