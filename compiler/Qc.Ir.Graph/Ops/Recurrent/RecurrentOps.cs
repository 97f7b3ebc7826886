namespace Qc.Ir.Graph;

/// <summary>Registers the Recurrent op family.</summary>
internal static class RecurrentOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
    }
}
