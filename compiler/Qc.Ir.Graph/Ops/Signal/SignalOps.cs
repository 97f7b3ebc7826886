namespace Qc.Ir.Graph;

/// <summary>Registers the Signal op family.</summary>
internal static class SignalOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
    }
}
