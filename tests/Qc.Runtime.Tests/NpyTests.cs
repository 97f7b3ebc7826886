using System.Text;
using Qc.Package;
using Shouldly;

namespace Qc.Runtime.Tests;

/// <summary>.npy reading and writing, and the tensor type.</summary>
public sealed class NpyTests
{
    public static TheoryData<QcDType> Types() => [.. QcDTypes.All.Where(t => t != QcDType.BF16)];

    [Theory]
    [MemberData(nameof(Types))]
    public void RoundTrip_EveryType(QcDType type)
    {
        var shape = new long[] { 2, 3, 5 };
        var data = new byte[30 * QcDTypes.SizeOf(type)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = type == QcDType.Bool ? (byte)(i % 2) : (byte)(i * 37);
        }

        var bytes = QcNpy.ToBytes(new QcTensor(type, shape, data));
        (bytes.Length - data.Length).ShouldBe(128); // header padded to a multiple of 64
        var back = QcNpy.Parse(bytes);
        back.DType.ShouldBe(type);
        back.Shape.ShouldBe(shape);
        back.Data.ShouldBe(data);
    }

    [Fact]
    public void Header_IsNumpysFormat()
    {
        var bytes = QcNpy.ToBytes(QcTensor.From<float>([1f, 2f, 3f], 3));
        bytes[..10].ShouldBe(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 });
        Encoding.Latin1.GetString(bytes, 10, 118).TrimEnd().ShouldBe("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }");
        bytes.Length.ShouldBe(128 + 12);
        bytes[127].ShouldBe((byte)'\n');
        QcNpy.Parse(QcNpy.ToBytes(QcTensor.Zeros(QcDType.F64, []))).Shape.ShouldBeEmpty();
    }

    [Fact]
    public void Reads_Version2_BigEndian_AndOtherSpacing()
    {
        var header = "{\"descr\":\">i4\",\"fortran_order\":False,\"shape\":(2,)}\n";
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.Latin1.GetBytes("\x93NUMPY"));
        bytes.AddRange(new byte[] { 2, 0 });
        bytes.AddRange(BitConverter.GetBytes(header.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(new byte[] { 0, 0, 0, 1, 0, 0, 1, 0 });
        QcNpy.Parse([.. bytes]).ToArray<int>().ShouldBe([1, 256]);
    }

    [Theory]
    [InlineData("", "bad magic")]
    [InlineData("\x93NUMPY\x09\x00\x10\x00", "unsupported .npy version 9.0")]
    [InlineData("\x93NUMPY\x01\x00\xff\x00{}", "truncated header")]
    public void MalformedFile_IsAnNpyError(string text, string expected)
    {
        var e = Should.Throw<QcRuntimeException>(() => QcNpy.Parse(Encoding.Latin1.GetBytes(text)));
        e.Code.ShouldBe(QcRuntimeErrorCode.Npy);
        e.Message.ShouldContain(expected);
    }

    [Theory]
    [InlineData("{'descr': '<f4'}", 0, "header has no 'fortran_order'")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 8, "unsupported descr '<c8'")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", 4, "fortran_order arrays are not supported")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 4, "f32 [2] needs 8 bytes of data, the file has 4")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (x,), }", 4, "bad shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), ", 4, "unterminated header")]
    public void MalformedHeader_IsAnNpyError(string header, int dataBytes, string expected)
    {
        var bytes = new List<byte>(Encoding.Latin1.GetBytes("\x93NUMPY\x01\x00"));
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(new byte[dataBytes]);
        var e = Should.Throw<QcRuntimeException>(() => QcNpy.Parse([.. bytes]));
        e.Code.ShouldBe(QcRuntimeErrorCode.Npy);
        e.Message.ShouldContain(expected);
    }

    [Fact]
    public void Files_AreWrittenAtomically_AndErrorsNameThePath()
    {
        var dir = Directory.CreateTempSubdirectory("qc-npy-");
        try
        {
            var path = Path.Combine(dir.FullName, "x.npy");
            var t = QcTensor.From<long>([1, -2, 3, -4], 2, 2);
            QcNpy.Write(path, t);
            Directory.GetFiles(dir.FullName).ShouldBe([path]);
            QcNpy.Read(path).ToArray<long>().ShouldBe([1L, -2L, 3L, -4L]);
            Should.Throw<QcRuntimeException>(() => QcNpy.Read(Path.Combine(dir.FullName, "missing.npy"))).Message.ShouldContain("missing.npy");
            Should.Throw<QcRuntimeException>(() => QcNpy.Write(Path.Combine(dir.FullName, "no", "such", "x.npy"), t)).Code.ShouldBe(QcRuntimeErrorCode.Npy);
            Should.Throw<QcRuntimeException>(() => QcNpy.ToBytes(QcTensor.Zeros(QcDType.BF16, [1]))).Message.ShouldContain("bf16 has no .npy type");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Tensor_ChecksSizesAndTypes()
    {
        Should.Throw<ArgumentException>(() => new QcTensor(QcDType.F32, [2], new byte[7]));
        Should.Throw<ArgumentException>(() => QcTensor.Zeros(QcDType.F32, [-1]));
        Should.Throw<ArgumentException>(() => QcTensor.From<float>([1f], 2));
        var t = QcTensor.From<Half>([(Half)1, (Half)2], 2);
        t.DType.ShouldBe(QcDType.F16);
        Should.Throw<InvalidOperationException>(() => t.AsSpan<float>().Length);
        t.ToString().ShouldBe("f16 [2]");
        QcTensor.From<bool>([true, false], 2).Data.ShouldBe(new byte[] { 1, 0 });
    }
}
