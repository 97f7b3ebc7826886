using System.Text;
using Qc.Core.Tensors;

namespace Qc.Core.Tests;

public sealed class NpyFormatTests
{
    [Fact]
    public void WriteThenRead_RoundTripsEveryType()
    {
        var cases = new[]
        {
            TensorData.Create<float>([2, 3], [1, 2, 3, 4, 5, float.NaN]),
            TensorData.Create<double>([1], [Math.PI]),
            TensorData.Create<long>([], [-7]),
            TensorData.Create<byte>([4], [0, 1, 254, 255]),
            TensorData.Create<sbyte>([2, 2], [-128, 0, 1, 127]),
            TensorData.Create<int>([0, 3], []),
            TensorData.Create<Half>([2], [(Half)1.5, (Half)(-2)]),
            TensorData.Create<bool>([3], [true, false, true]),
        };
        foreach (var t in cases)
        {
            var back = NpyFormat.Read(NpyFormat.ToBytes(t));
            Assert.Equal(t.ElementType, back.ElementType);
            Assert.Equal(t.Dims.ToArray(), back.Dims.ToArray());
            Assert.Equal(t.Data.ToArray(), back.Data.ToArray());
        }
    }

    [Fact]
    public void Header_IsNumpyCompatible()
    {
        var bytes = NpyFormat.ToBytes(TensorData.Create<float>([3], [1, 2, 3]));
        var header = Encoding.Latin1.GetString(bytes, 10, bytes[8] | (bytes[9] << 8));
        Assert.Equal("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", header.TrimEnd(' ', '\n'));
        Assert.Equal(0, (10 + header.Length) % 64);
    }

    [Theory]
    [InlineData("not numpy at all")]
    [InlineData("\u0093NUMPY\u0001\u0000\u0040\u0000{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }")]
    [InlineData("\u0093NUMPY\u0001\u0000\u0040\u0000{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }")]
    [InlineData("\u0093NUMPY\u0001\u0000\u00ff\u0000{'descr'")]
    public void Read_BadInput_ThrowsFormatException(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text.PadRight(80));
        Assert.Throws<FormatException>(() => NpyFormat.Read(bytes));
    }

    [Fact]
    public void Read_TruncatedData_SaysHowMuchIsMissing()
    {
        var bytes = NpyFormat.ToBytes(TensorData.Create<float>([4], [1, 2, 3, 4]));
        var e = Assert.Throws<FormatException>(() => NpyFormat.Read(bytes.AsMemory(0, bytes.Length - 3)));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }
}
