namespace Qc.Ir.Graph;

/// <summary>Registers the Reduction op family.</summary>
internal static class ReductionOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
    }
}
