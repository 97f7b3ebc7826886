namespace Qc.Ir.Graph;

/// <summary>Registers the ControlFlow op family.</summary>
internal static class ControlFlowOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
    }
}
