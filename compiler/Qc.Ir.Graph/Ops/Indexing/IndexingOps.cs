namespace Qc.Ir.Graph;

/// <summary>Registers the Indexing op family.</summary>
internal static class IndexingOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
    }
}
