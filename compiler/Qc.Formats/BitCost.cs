namespace Qc.Formats;

/// <summary>The stored size of a quantized tensor: code payload plus metadata (scales, zero points, tables), in bits.</summary>
/// <remarks>This is the one accounting function: the allocator's byte costs and <see cref="QuantizedTensor.Serialize"/>
/// agree exactly, since each section of the serialized layout is padded to a byte:
/// <see cref="SerializedBytes"/> = ⌈payload/8⌉ + ⌈scales/8⌉ + ⌈zero points/8⌉ + ⌈tables/8⌉.</remarks>
/// <param name="ElementCount">n, the number of weights.</param>
/// <param name="PayloadBits">n·b.</param>
/// <param name="ScaleBits">Number of scales × scale bits.</param>
/// <param name="ZeroPointBits">Number of zero points × zero-point bits (0 when symmetric).</param>
/// <param name="TableBits">Stored tables; 0 for every current format (their tables are fixed by the format, not stored).</param>
public readonly record struct BitCost(long ElementCount, long PayloadBits, long ScaleBits, long ZeroPointBits, long TableBits)
{
    /// <summary>Metadata bits: scales + zero points + tables.</summary>
    public long MetadataBits => ScaleBits + ZeroPointBits + TableBits;

    /// <summary>Payload + metadata bits (no padding).</summary>
    public long TotalBits => PayloadBits + MetadataBits;

    /// <summary>Bits per weight: <see cref="TotalBits"/> / n (0 for an empty tensor).</summary>
    public double BitsPerWeight => ElementCount == 0 ? 0 : (double)TotalBits / ElementCount;

    /// <summary>The exact length of <see cref="QuantizedTensor.Serialize"/>: each section rounded up to whole bytes.</summary>
    public long SerializedBytes => Bytes(PayloadBits) + Bytes(ScaleBits) + Bytes(ZeroPointBits) + Bytes(TableBits);

    /// <summary>The cost of storing a tensor of shape <paramref name="dims"/> in <paramref name="format"/> (no data needed).</summary>
    public static BitCost Of(NumberFormat format, ReadOnlySpan<long> dims)
    {
        ArgumentNullException.ThrowIfNull(format);
        var n = 1L;
        foreach (var d in dims)
        {
            n *= d;
        }

        var groups = new ParamLayout(format.Granularity, dims).Count;
        return new BitCost(n, n * format.CodeBits, groups * format.ScaleBits, groups * format.ZeroPointBits, 0);
    }

    private static long Bytes(long bits) => (bits + 7) / 8;
}
