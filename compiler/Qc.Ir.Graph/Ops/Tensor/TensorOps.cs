namespace Qc.Ir.Graph;

/// <summary>Registers the Tensor op family.</summary>
internal static class TensorOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
    }
}
