namespace Qc.Ir.Graph;

/// <summary>Registers the Quantization op family.</summary>
internal static class QuantizationOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
    }
}
