namespace Qc.Formats;

/// <summary>Rounds scales to their storage precision and writes/reads their stored bytes.</summary>
internal static class ScaleRounding
{
    /// <summary>The smallest stored scale ≥ <paramref name="s"/> (≥ 0, finite), saturating at the precision's maximum.</summary>
    /// <remarks>Rounding up means the quantization range never shrinks, so in-range values stay within s/2.
    /// E8M0 cannot store 0; a zero scale becomes 2^−127.</remarks>
    public static float RoundUp(double s, ScalePrecision precision)
    {
        switch (precision)
        {
            case ScalePrecision.None:
                return 1f;
            case ScalePrecision.F32:
                {
                    var f = (float)s;
                    if (f < s)
                    {
                        f = MathF.BitIncrement(f);
                    }

                    return float.IsInfinity(f) ? float.MaxValue : f;
                }

            case ScalePrecision.F16:
                {
                    var h = (Half)s;
                    if ((double)h < s)
                    {
                        h = BitConverter.UInt16BitsToHalf((ushort)(BitConverter.HalfToUInt16Bits(h) + 1));
                    }

                    return Half.IsInfinity(h) ? (float)Half.MaxValue : (float)h;
                }

            case ScalePrecision.E8M0:
                return (float)Math.ScaleB(1.0, E8M0Exponent(s));
            default:
                throw new System.Diagnostics.UnreachableException(precision.ToString());
        }
    }

    /// <summary>Whether <paramref name="scale"/> is exactly storable at <paramref name="precision"/>.</summary>
    public static bool IsRepresentable(float scale, ScalePrecision precision) =>
        float.IsFinite(scale) && scale >= 0 && RoundUp(scale, precision) == scale && (precision != ScalePrecision.None || scale == 1f);

    /// <summary>Writes <paramref name="scales"/> little-endian at their precision (4, 2 or 1 bytes each; nothing for None).</summary>
    public static void Write(ReadOnlySpan<float> scales, ScalePrecision precision, Span<byte> dest)
    {
        for (var i = 0; i < scales.Length; i++)
        {
            switch (precision)
            {
                case ScalePrecision.None:
                    return;
                case ScalePrecision.F32:
                    System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(dest[(i * 4)..], scales[i]);
                    break;
                case ScalePrecision.F16:
                    System.Buffers.Binary.BinaryPrimitives.WriteHalfLittleEndian(dest[(i * 2)..], (Half)scales[i]);
                    break;
                case ScalePrecision.E8M0:
                    dest[i] = (byte)(E8M0Exponent(scales[i]) + 127);
                    break;
                default:
                    throw new System.Diagnostics.UnreachableException(precision.ToString());
            }
        }
    }

    /// <summary>Reads <paramref name="count"/> scales written by <see cref="Write"/>.</summary>
    public static float[] Read(ReadOnlySpan<byte> src, int count, ScalePrecision precision)
    {
        var result = new float[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = precision switch
            {
                ScalePrecision.None => 1f,
                ScalePrecision.F32 => System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(src[(i * 4)..]),
                ScalePrecision.F16 => (float)System.Buffers.Binary.BinaryPrimitives.ReadHalfLittleEndian(src[(i * 2)..]),
                ScalePrecision.E8M0 => (float)Math.ScaleB(1.0, src[i] - 127),
                _ => throw new System.Diagnostics.UnreachableException(precision.ToString()),
            };
        }

        return result;
    }

    /// <summary>The smallest e in [−127, 127] with 2^e ≥ s (saturating).</summary>
    private static int E8M0Exponent(double s)
    {
        if (!(s > 0))
        {
            return -127;
        }

        var e = Math.ILogB(s);
        if (Math.ScaleB(1.0, e) < s)
        {
            e++;
        }

        return Math.Clamp(e, -127, 127);
    }
}
