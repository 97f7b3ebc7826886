using Qc.Core.Tensors;

namespace Qc.Core.Tests;

public sealed class TensorDataTests
{
    [Fact]
    public void FourBitTypes_PackLowNibbleFirst()
    {
        var t = TensorData.FromBytes(ElementType.I4, [3], new byte[] { 0xF7, 0x08 });
        Assert.Equal([7, -1, -8], t.ToInt64Array());
        var u = TensorData.FromBytes(ElementType.U4, [3], new byte[] { 0xF7, 0x08 });
        Assert.Equal([7, 15, 8], u.ToInt64Array());
    }

    [Fact]
    public void FromBytes_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => TensorData.FromBytes(ElementType.F32, [2], new byte[7]));

    [Fact]
    public void ToDoubleArray_ReadsHalfAndBFloat16()
    {
        var h = TensorData.Create<Half>([1], [(Half)0.5]);
        Assert.Equal([0.5], h.ToDoubleArray());
        var bf = TensorData.FromBytes(ElementType.BF16, [1], new byte[] { 0x80, 0x3F });
        Assert.Equal([1.0], bf.ToDoubleArray());
    }

    [Fact]
    public void ContentHash_DependsOnDimsAndData()
    {
        var a = TensorData.Create<float>([2], [1, 2]);
        var b = TensorData.Create<float>([1, 2], [1, 2]);
        var c = TensorData.Create<float>([2], [1, 2]);
        Assert.NotEqual(a.ContentHash(), b.ContentHash());
        Assert.Equal(a.ContentHash(), c.ContentHash());
    }

    [Fact]
    public void ElementTypes_NamesRoundTrip()
    {
        foreach (var t in Enum.GetValues<ElementType>())
        {
            Assert.True(ElementTypes.TryParse(t.Name(), out var back));
            Assert.Equal(t, back);
        }
    }
}
