using Google.Protobuf;
using Onnx;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;
using static Qc.Onnx.Tests.ModelBuilder;

namespace Qc.Onnx.Tests;

/// <summary>Malformed and invalid models: each must produce its specific diagnostic code, never an exception.</summary>
public sealed class MalformedModelTests
{
    /// <summary>Imports bytes and asserts that <paramref name="code"/> is reported (as an error unless <paramref name="warning"/>).</summary>
    private static ImportResult Expect(byte[] bytes, int code, bool warning = false)
    {
        var result = OnnxImporter.Import(bytes, "bad.onnx", null);
        return Check(result, code, warning);
    }

    private static ImportResult Check(ImportResult result, int code, bool warning = false)
    {
        var d = result.Diagnostics.FirstOrDefault(x => x.Code.Number == code);
        Assert.True(d is not null, $"expected QC{code:D4}, got:\n{DiagnosticFormatter.Format(result.Diagnostics)}");
        Assert.Equal(warning ? Severity.Warning : Severity.Error, d.Severity);
        Assert.Equal(!warning, !result.Success);
        foreach (var x in result.Diagnostics.Where(x => x.Code.Number is >= 3000 and < 3200))
        {
            AssertStyle(x);
        }

        return result;
    }

    /// <summary>The house style of diagnostics: lowercase start, no trailing period, a hint.</summary>
    internal static void AssertStyle(Diagnostic d)
    {
        Assert.False(d.Message.EndsWith('.'), $"message ends with a period: {d.Message}");
        Assert.False(char.IsUpper(d.Message[0]) && d.Message.Length > 1 && !char.IsUpper(d.Message[1]), $"message starts uppercase: {d.Message}");
        Assert.False(string.IsNullOrWhiteSpace(d.Hint), $"no hint: {d.Message}");
    }

    private static ModelBuilder AddModel()
    {
        var b = new ModelBuilder().Input("x", F32, 2, 3).Output("y", F32, 2, 3);
        b.Initializer(FloatTensor("w", [2, 3], 1, 2, 3, 4, 5, 6));
        b.Node("Add", ["x", "w"], ["y"]);
        return b;
    }

    [Fact]
    public void TruncatedModelIsReportedAsTruncated()
    {
        var b = AddModel();
        b.Graph.Initializer[0] = FloatTensor("w", [2, 3]);
        b.Graph.Initializer[0].RawData = ByteString.CopyFrom(new byte[24]);
        var bytes = b.Bytes();
        Expect(bytes[..(bytes.Length / 2)], OnnxDiagnosticCodes.Truncated);
    }

    [RequiresFileFact("cls")]
    public void RealModelCutInHalfIsReportedAsTruncated()
    {
        var bytes = File.ReadAllBytes(TestPaths.ClsModel);
        var result = Expect(bytes[..(bytes.Length / 2)], OnnxDiagnosticCodes.Truncated);
        Assert.Null(result.Module);
        Assert.IsType<FileLocation>(result.Diagnostics[0].Location);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, "PNG image")]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4 }, "zip archive")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0 }, "gzip")]
    [InlineData(new byte[] { 0x10, 0, 0, 0, (byte)'T', (byte)'F', (byte)'L', (byte)'3' }, "TensorFlow Lite")]
    [InlineData(new byte[] { 0x10, 0, 0, 0, (byte)'O', (byte)'R', (byte)'T', (byte)'M' }, "ONNX Runtime format")]
    public void OtherFormatsAreRecognisedByMagic(byte[] magic, string looksLike)
    {
        var garbage = new byte[200];
        new Random(7).NextBytes(garbage);
        var result = Expect([.. magic, .. garbage], OnnxDiagnosticCodes.OtherFormat);
        Assert.Contains(looksLike, result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PyTorchCheckpointIsNamed()
    {
        var bytes = "PK\u0003\u0004\0\0\0\0archive/data.pkl"u8.ToArray();
        var result = Expect(bytes, OnnxDiagnosticCodes.OtherFormat);
        Assert.Contains("PyTorch", result.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("torch.onnx.export", result.Diagnostics[0].Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFileAndProtobufGarbageAreNotOnnx()
    {
        Expect([], OnnxDiagnosticCodes.NotOnnx);
        Expect([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01], OnnxDiagnosticCodes.NotOnnx);
        Expect(new TensorProto { Name = "t", DataType = 1 }.ToByteArray(), OnnxDiagnosticCodes.NotOnnx);
    }

    [Fact]
    public void TextFilesAreRecognised()
    {
        var result = Expect("<\n  ir_version: 8,\n  opset_import: [\"\" : 17]\n>\ng (float[N] x) => (float[N] y) { y = Relu(x) }"u8.ToArray(),
            OnnxDiagnosticCodes.OtherFormat);
        Assert.Contains("text form", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileAndFolderAreReported()
    {
        var missing = Path.Combine(Path.GetTempPath(), "qc-no-such-model-" + Guid.NewGuid().ToString("N") + ".onnx");
        var result = OnnxImporter.Import(missing);
        Assert.Equal(OnnxDiagnosticCodes.FileNotFound, Assert.Single(result.Diagnostics).Code.Number);
        Assert.Null(result.Module);
        var folder = OnnxImporter.Import(Path.GetTempPath());
        Assert.Equal(OnnxDiagnosticCodes.FileUnreadable, Assert.Single(folder.Diagnostics).Code.Number);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(2)]
    [InlineData(0)]
    public void UnsupportedIrVersionsAreRejected(long ir)
    {
        var b = AddModel();
        b.Model.IrVersion = ir;
        Expect(b.Bytes(), OnnxDiagnosticCodes.UnsupportedIrVersion);
    }

    [Fact]
    public void OpsetsOutsideTheRangeAreRejectedOrWarned()
    {
        Expect(new ModelBuilder(opset: 23).Input("x", F32, 1).Output("x", F32, 1).Bytes(), OnnxDiagnosticCodes.UnsupportedOpset);
        var old = new ModelBuilder(opset: 5, irVersion: 3).Input("x", F32, 2).Output("y", F32, 2);
        old.Node("Relu", ["x"], ["y"]);
        var result = Expect(old.Bytes(), OnnxDiagnosticCodes.OldOpset, warning: true);
        Assert.True(result.Success);
    }

    [Fact]
    public void MissingInitializerIsAnUndefinedValue()
    {
        var b = AddModel();
        b.Graph.Initializer.Clear();
        var result = Expect(b.Bytes(), OnnxDiagnosticCodes.UndefinedValue);
        var d = result.Diagnostics.First(x => x.Code.Number == OnnxDiagnosticCodes.UndefinedValue);
        Assert.Equal(new NodeLocation("bad.onnx", "n_y", "Add"), d.Location);
        Assert.Contains("'w'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndefinedGraphOutputIsReported()
    {
        var b = AddModel();
        b.Output("nothing", F32, 1);
        Expect(b.Bytes(), OnnxDiagnosticCodes.UndefinedValue);
    }

    [Fact]
    public void CycleIsReportedWithItsValues()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        b.Node("Add", ["x", "c"], ["a"]);
        b.Node("Relu", ["a"], ["b"]);
        b.Node("Neg", ["b"], ["c"]);
        b.Node("Relu", ["a"], ["y"]);
        var result = Expect(b.Bytes(), OnnxDiagnosticCodes.Cycle);
        var d = result.Diagnostics.Single(x => x.Code.Number == OnnxDiagnosticCodes.Cycle);
        Assert.Contains("'a' -> 'b' -> 'c' -> 'a'", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, x => x.Code.Number == OnnxDiagnosticCodes.UndefinedValue);
    }

    [Fact]
    public void SelfLoopIsACycle()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        b.Node("Add", ["x", "y"], ["y"]);
        Expect(b.Bytes(), OnnxDiagnosticCodes.Cycle);
    }

    [Fact]
    public void AttributeOfTheWrongTypeIsAnError()
    {
        var b = new ModelBuilder().Input("x", F32, 1, 1, 5, 5).Output("y", F32);
        b.Initializer(FloatTensor("w", [1, 1, 3, 3], [.. Enumerable.Repeat(1f, 9)]));
        b.Node("Conv", ["x", "w"], ["y"], Float("strides", 2f));
        var result = Expect(b.Bytes(), OnnxDiagnosticCodes.AttributeType);
        Assert.Contains("'strides' of 'Conv' must be INTS, not FLOAT", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequiredAttributeIsAnError()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y");
        b.Node("Cast", ["x"], ["y"]);
        var result = Expect(b.Bytes(), OnnxDiagnosticCodes.MissingAttribute);
        Assert.Contains("'to'", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownAttributeIsAWarning()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        b.Node("Relu", ["x"], ["y"], Int("alpha", 1));
        Expect(b.Bytes(), OnnxDiagnosticCodes.UnknownAttribute, warning: true);
    }

    [Fact]
    public void WrongInputAndOutputCountsAreErrors()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        b.Node("Add", ["x"], ["y"]);
        Expect(b.Bytes(), OnnxDiagnosticCodes.InputCount);
        var c = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        c.Node("Relu", ["x"], ["y", "z"]);
        Expect(c.Bytes(), OnnxDiagnosticCodes.OutputCount);
    }

    [Fact]
    public void ShapeMismatchIsReportedByInference()
    {
        var b = new ModelBuilder().Output("y", F32);
        b.Node("Constant", [], ["a"], Tensor("value", FloatTensor("a", [2, 3], 1, 2, 3, 4, 5, 6)));
        b.Node("Constant", [], ["b"], Tensor("value", FloatTensor("b", [4, 5], [.. Enumerable.Repeat(1f, 20)])));
        b.Node("Add", ["a", "b"], ["y"]);
        var result = Expect(b.Bytes(), 3201);
        Assert.NotNull(result.Module);
        Assert.Equal(new NodeLocation("bad.onnx", "n_y", "Add"), result.Diagnostics.First(d => d.Code.Number == 3201).Location);
    }

    [Fact]
    public void DuplicateOutputNamesAreErrors()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        b.Node("Relu", ["x"], ["y"]);
        b.Node("Neg", ["x"], ["y"]);
        Expect(b.Bytes(), OnnxDiagnosticCodes.DuplicateValueName);
        var c = new ModelBuilder().Input("x", F32, 2).Output("x", F32, 2);
        c.Node("Relu", ["x"], ["x"]);
        Expect(c.Bytes(), OnnxDiagnosticCodes.DuplicateValueName);
    }

    [Fact]
    public void BadTensorPayloadSizeIsReported()
    {
        var b = AddModel();
        b.Graph.Initializer[0] = FloatTensor("w", [2, 3], 1, 2, 3);
        var result = Expect(b.Bytes(), OnnxDiagnosticCodes.BadTensorData);
        Assert.Contains("'w'", result.Diagnostics[0].Message, StringComparison.Ordinal);
        var raw = AddModel();
        raw.Graph.Initializer[0] = new TensorProto { Name = "w", DataType = F32, RawData = ByteString.CopyFrom(new byte[20]) };
        raw.Graph.Initializer[0].Dims.AddRange([2, 3]);
        Expect(raw.Bytes(), OnnxDiagnosticCodes.BadTensorData);
        var dtype = AddModel();
        dtype.Graph.Initializer[0].DataType = 99;
        Expect(dtype.Bytes(), OnnxDiagnosticCodes.BadTensorData);
    }

    [Fact]
    public void MissingExternalDataFileIsReported()
    {
        var folder = Directory.CreateTempSubdirectory("qc-onnx-ext-");
        try
        {
            var b = AddModel();
            var w = new TensorProto { Name = "w", DataType = F32, DataLocation = TensorProto.Types.DataLocation.External };
            w.Dims.AddRange([2, 3]);
            w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
            b.Graph.Initializer[0] = w;
            var path = Path.Combine(folder.FullName, "model.onnx");
            File.WriteAllBytes(path, b.Bytes());
            var result = Check(OnnxImporter.Import(path), OnnxDiagnosticCodes.BadExternalData);
            Assert.Contains("weights.bin", result.Diagnostics[0].Message, StringComparison.Ordinal);

            // With the file present (and an offset), the same model imports.
            var data = new byte[8 + 24];
            Buffer.BlockCopy(new float[] { 1, 2, 3, 4, 5, 6 }, 0, data, 8, 24);
            File.WriteAllBytes(Path.Combine(folder.FullName, "weights.bin"), data);
            w.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "8" });
            File.WriteAllBytes(path, b.Bytes());
            var ok = OnnxImporter.Import(path);
            Assert.True(ok.Success, DiagnosticFormatter.Format(ok.Diagnostics));
            Assert.True(ok.Module!.Constants.TryGet("w", out var entry));
            Assert.Equal([1f, 2, 3, 4, 5, 6], entry.Data!.ToArray<float>());

            // Outside the model's folder, or with a bad offset: rejected.
            w.ExternalData[0].Value = "../weights.bin";
            File.WriteAllBytes(path, b.Bytes());
            Check(OnnxImporter.Import(path), OnnxDiagnosticCodes.BadExternalData);
            w.ExternalData[0].Value = "weights.bin";
            w.ExternalData[1].Value = "eight";
            File.WriteAllBytes(path, b.Bytes());
            Check(OnnxImporter.Import(path), OnnxDiagnosticCodes.BadExternalData);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void UnknownOpBecomesOpaqueWithAWarning()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 7);
        b.Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.example", Version = 1 });
        var n = b.Node("Frobnicate", ["x"], ["y"], Int("level", 3), Str("mode", "fast"));
        n.Domain = "com.example";
        var result = Expect(b.Bytes(), OnnxDiagnosticCodes.UnknownOp, warning: true);
        var op = Assert.IsType<OpaqueOp>(Assert.Single(result.Module!.Main.Ops));
        Assert.Equal("com.example", op.Domain);
        Assert.Equal("Frobnicate", op.OpType);
        Assert.Equal(3, op.Attributes.GetInt("level", 0));
        Assert.Equal("fast", op.Attributes.GetString("mode", ""));
        Assert.Equal("tensor<7xf32>", op.Result.Type.ToString());
    }

    [Fact]
    public void UnknownAiOnnxOpIsOpaqueAndOpFromALaterOpsetIsAnError()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        b.Node("Frobnicate", ["x"], ["y"]);
        Expect(b.Bytes(), OnnxDiagnosticCodes.UnknownOp, warning: true);
        var g = new ModelBuilder(opset: 17).Input("x", F32, 2).Output("y", F32, 2);
        g.Node("Gelu", ["x"], ["y"]);
        var result = Expect(g.Bytes(), OnnxDiagnosticCodes.OpNotInOpset);
        Assert.Contains("needs opset 20", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstantWithoutExactlyOneValueIsAnError()
    {
        var b = new ModelBuilder().Output("y", F32);
        b.Node("Constant", [], ["y"], Float("value_float", 1f), Int("value_int", 2));
        Expect(b.Bytes(), OnnxDiagnosticCodes.BadConstant);
        var c = new ModelBuilder().Output("y", F32);
        c.Node("Constant", [], ["y"]);
        Expect(c.Bytes(), OnnxDiagnosticCodes.BadConstant);
    }

    [Fact]
    public void DeclaredOutputTypeContradictingInferenceIsAnError()
    {
        var b = new ModelBuilder().Input("x", F32, 2, 3).Output("y", F32, 3, 2);
        b.Node("Relu", ["x"], ["y"]);
        var result = Expect(b.Bytes(), OnnxDiagnosticCodes.OutputTypeMismatch);
        Assert.Contains("dimension 0 differs", result.Diagnostics[0].Message, StringComparison.Ordinal);
        var rank = new ModelBuilder().Input("x", F32, 2, 3).Output("y", F32, 6);
        rank.Node("Relu", ["x"], ["y"]);
        Expect(rank.Bytes(), OnnxDiagnosticCodes.OutputTypeMismatch);
        var elem = new ModelBuilder().Input("x", F32, 2, 3).Output("y", I64T, 2, 3);
        elem.Node("Relu", ["x"], ["y"]);
        Expect(elem.Bytes(), OnnxDiagnosticCodes.OutputTypeMismatch);
    }

    [Fact]
    public void DeclaredValueForInferredOptionalIsNoContradiction()
    {
        // The declaration states that the optional holds a value, which inference cannot rule out (node/test_loop16_seq_none).
        var b = new ModelBuilder().Input("x", F32, 2, 3).Output("y", F32, 2, 3);
        b.Node("Optional", ["x"], ["y"]);
        var result = b.Import();
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        Assert.Equal("opt<tensor<2x3xf32>>", result.Module!.Main.Outputs[0].Type.ToString());

        var elem = new ModelBuilder().Input("x", F32, 2, 3).Output("y", I64T, 2, 3);
        elem.Node("Optional", ["x"], ["y"]);
        var mismatch = Expect(elem.Bytes(), OnnxDiagnosticCodes.OutputTypeMismatch);
        Assert.Contains("optional element: element types differ", mismatch.Diagnostics.First(d => d.IsError).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapTypedInputIsAnUnsupportedTypeWarning()
    {
        var b = new ModelBuilder().Output("x");
        b.Graph.Input.Add(new ValueInfoProto
        {
            Name = "x",
            Type = new TypeProto { MapType = new TypeProto.Types.Map { KeyType = 7, ValueType = new TypeProto { TensorType = new() { ElemType = 1 } } } },
        });
        Expect(b.Bytes(), OnnxDiagnosticCodes.UnsupportedType, warning: true);
    }

    [Fact]
    public void PinningProblemsAreReported()
    {
        var b = new ModelBuilder().Input("x", F32, "N", 3).Output("y", F32, "N", 3);
        b.Node("Relu", ["x"], ["y"]);
        Check(b.Import(new ImportOptions { InputShapes = new Dictionary<string, Dim[]> { ["x"] = [1, 4] } }), OnnxDiagnosticCodes.PinnedDim);
        Check(b.Import(new ImportOptions { InputShapes = new Dictionary<string, Dim[]> { ["x"] = [1] } }), OnnxDiagnosticCodes.PinnedRank);
        var unknown = Check(b.Import(new ImportOptions { InputShapes = new Dictionary<string, Dim[]> { ["z"] = [1, 3] } }),
            OnnxDiagnosticCodes.PinnedUnknownInput);
        Assert.Contains("'x'", unknown.Diagnostics[0].Hint, StringComparison.Ordinal);
    }
}
