namespace Qc.Formats;

/// <summary>Packs unsigned codes of 1–16 bits densely, least significant bit first.</summary>
/// <remarks>Element <c>i</c> occupies stream bits <c>[i·b, i·b + b)</c>; stream bit <c>j</c> is bit <c>j mod 8</c> of byte
/// <c>j / 8</c>. For b = 4 this is "low nibble first" (ONNX int4), for b = 8 plain bytes, and 3-bit codes straddle bytes.</remarks>
internal static class BitPacking
{
    /// <summary>Bytes needed for <paramref name="count"/> codes of <paramref name="bits"/> bits.</summary>
    public static long ByteCount(long count, int bits) => ((count * bits) + 7) / 8;

    /// <summary>ORs code <paramref name="value"/> (already masked to <paramref name="bits"/>) into a zeroed buffer at element <paramref name="index"/>.</summary>
    public static void Set(Span<byte> dest, long index, int bits, uint value)
    {
        System.Diagnostics.Debug.Assert(bits is >= 1 and <= 16 && value < (1u << bits));
        var bit = index * bits;
        var at = (int)(bit >> 3);
        var off = (int)(bit & 7);
        var v = value << off;
        dest[at] |= (byte)v;
        if (off + bits > 8)
        {
            dest[at + 1] |= (byte)(v >> 8);
            if (off + bits > 16)
            {
                dest[at + 2] |= (byte)(v >> 16);
            }
        }
    }

    /// <summary>Reads the unsigned code at element <paramref name="index"/>.</summary>
    public static uint Get(ReadOnlySpan<byte> src, long index, int bits)
    {
        var bit = index * bits;
        var at = (int)(bit >> 3);
        var off = (int)(bit & 7);
        uint w = src[at];
        if (off + bits > 8)
        {
            w |= (uint)src[at + 1] << 8;
            if (off + bits > 16)
            {
                w |= (uint)src[at + 2] << 16;
            }
        }

        return (w >> off) & ((1u << bits) - 1);
    }
}
