using Onnx;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Onnx.Export;

namespace Qc.Onnx.Tests.Export;

/// <summary>Unit tests of <see cref="OnnxExporter"/>: model header, names, types, constants, opaque ops, regions, diagnostics.</summary>
public sealed class ExporterTests
{
    private static GraphModule SmallConvModule()
    {
        var b = new ModelBuilder(opset: 11);
        b.Input("x", ModelBuilder.F32, "n", 1L, 4L, 4L).Output("y", ModelBuilder.F32, "n", 2L, 4L, 4L);
        b.Initializer(ModelBuilder.FloatTensor("w", [2, 1, 1, 1], 0.5f, -2f));
        b.Node("Conv", ["x", "w"], ["c"]);
        b.Node("Constant", [], ["k"], ModelBuilder.Tensor("value", ModelBuilder.FloatTensor("", [], 3f)));
        b.Node("Mul", ["c", "k"], ["y"]);
        return b.ImportOk();
    }

    [Fact]
    public void Header_IsIrVersion10AndOpset22()
    {
        var result = OnnxExporter.Export(SmallConvModule());
        Assert.True(result.Success);
        var m = result.Model!;
        Assert.Equal(10, m.IrVersion);
        var opset = Assert.Single(m.OpsetImport);
        Assert.Equal((string.Empty, 22L), (opset.Domain, opset.Version));
        Assert.Equal("qc", m.ProducerName);
    }

    [Fact]
    public void LeadingConstantsAreInitializers_LaterOnesConstantNodes()
    {
        var g = OnnxExporter.Export(SmallConvModule()).Model!.Graph;
        Assert.Equal("w", Assert.Single(g.Initializer).Name);
        Assert.Equal(["Conv", "Constant", "Mul"], g.Node.Select(n => n.OpType));
        Assert.Equal("k", g.Node[1].Output[0]);
        Assert.Equal(["x"], g.Input.Select(i => i.Name));
        Assert.Equal("n", g.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(4, g.Input[0].Type.TensorType.Shape.Dim[3].DimValue);
    }

    [Fact]
    public void AttributesAreComplete()
    {
        var conv = OnnxExporter.Export(SmallConvModule()).Model!.Graph.Node[0];
        // The importer wrote out every default ONNX defines (auto_pad, group); the exporter writes them all, sorted.
        Assert.Equal(["auto_pad", "group"], conv.Attribute.Select(a => a.Name));
        Assert.Equal(("NOTSET", 1L), (conv.Attribute[0].S.ToStringUtf8(), conv.Attribute[1].I));
    }

    [Fact]
    public void Bytes_AreDeterministic()
    {
        var a = OnnxExporter.Export(SmallConvModule()).ToBytes();
        var b = OnnxExporter.Export(SmallConvModule()).ToBytes();
        Assert.Equal(a, b);
    }

    [Fact]
    public void ExportThenImport_PrintsTheSame()
    {
        var module = SmallConvModule();
        Assert.Null(ExportCaseRunner.ComparePrints(module, OnnxExporter.Export(module).ToBytes()));
    }

    [Fact]
    public void OpaqueOps_KeepDomainVersionAttributesAndTypes()
    {
        var b = new ModelBuilder(opset: 17);
        b.Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        b.Input("x", ModelBuilder.F32, 2L, 3L).Output("y", ModelBuilder.F32, 2L, 3L);
        b.Graph.ValueInfo.Add(ModelBuilder.ValueInfo("g", ModelBuilder.F32, [2L, 3L]));
        var node = b.Node("Gelu", ["x"], ["g"], ModelBuilder.Str("approximate", "tanh"), ModelBuilder.Floats("alphas", 0.5f, 2f));
        node.Domain = "com.microsoft";
        b.Node("Relu", ["g"], ["y"]);
        var module = b.ImportOk();
        var result = OnnxExporter.Export(module);
        Assert.True(result.Success);
        var m = result.Model!;
        Assert.Contains(m.OpsetImport, o => o.Domain == "com.microsoft" && o.Version == 1);
        var gelu = m.Graph.Node[0];
        Assert.Equal(("com.microsoft", "Gelu"), (gelu.Domain, gelu.OpType));
        Assert.Equal(["alphas", "approximate"], gelu.Attribute.Select(a => a.Name));
        Assert.Equal("g", Assert.Single(m.Graph.ValueInfo).Name);
        Assert.Null(ExportCaseRunner.ComparePrints(module, result.ToBytes()));
    }

    [Fact]
    public void ValueInfoOption_WritesInferredIntermediateTypes()
    {
        var g = OnnxExporter.Export(SmallConvModule(), new ExportOptions(ValueInfo: true)).Model!.Graph;
        Assert.Equal(["c"], g.ValueInfo.Select(v => v.Name));
        Assert.Equal(["n", "2", "4", "4"], g.ValueInfo[0].Type.TensorType.Shape.Dim.Select(d => d.DimParam.Length > 0 ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Regions_BecomeGraphAttributes()
    {
        var then = new GraphProto { Name = "then" };
        then.Node.Add(new NodeProto { OpType = "Identity", Input = { "x" }, Output = { "t" } });
        then.Output.Add(ModelBuilder.ValueInfo("t", ModelBuilder.F32, [2L]));
        var other = new GraphProto { Name = "else" };
        other.Node.Add(new NodeProto { OpType = "Neg", Input = { "x" }, Output = { "e" } });
        other.Output.Add(ModelBuilder.ValueInfo("e", ModelBuilder.F32, [2L]));
        var b = new ModelBuilder(opset: 17);
        b.Input("c", (int)TensorProto.Types.DataType.Bool).Input("x", ModelBuilder.F32, 2L).Output("y", ModelBuilder.F32, 2L);
        b.Node("If", ["c"], ["y"], ModelBuilder.GraphAttr("then_branch", then), ModelBuilder.GraphAttr("else_branch", other));
        var module = b.ImportOk();
        var bytes = OnnxExporter.Export(module).ToBytes();
        var node = ModelProto.Parser.ParseFrom(bytes).Graph.Node[0];
        Assert.Equal(["else_branch", "then_branch"], node.Attribute.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Null(ExportCaseRunner.ComparePrints(module, bytes));
    }

    [Fact]
    public void ElidedConstant_IsAnError()
    {
        var module = new GraphModule("g");
        var entry = module.Constants.AddElided("w", TensorType.Of(ElementType.F32, [2]));
        var c = ConstantOp.Create(module, module.Main, entry);
        module.Main.SetOutputs([c.Result]);
        var result = OnnxExporter.Export(module);
        Assert.False(result.Success);
        Assert.Contains(result.Diagnostics, d => d.Code.Number == ExportDiagnosticCodes.ElidedConstant);
        Assert.Throws<InvalidOperationException>(() => result.ToBytes());
    }

    [Fact]
    public void ExportFile_WritesAtomically()
    {
        var dir = Directory.CreateTempSubdirectory("qc-export-");
        try
        {
            var path = Path.Combine(dir.FullName, "m.onnx");
            var result = OnnxExporter.ExportFile(SmallConvModule(), path);
            Assert.True(result.Success);
            Assert.Equal(result.ToBytes(), File.ReadAllBytes(path));
            Assert.False(File.Exists(path + ".tmp"));
            var bad = OnnxExporter.ExportFile(SmallConvModule(), Path.Combine(dir.FullName, "missing", "m.onnx"));
            Assert.Contains(bad.Diagnostics, d => d.Code.Number == ExportDiagnosticCodes.WriteFailed);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [DataFact(TestEnvironment.NodeTestData)]
    public void OpaqueOnnxOp_IsWrittenWithAWarning()
    {
        TestEnvironment.Require(TestEnvironment.NodeTestData);
        var module = OnnxImporter.Import(Path.Combine(TestEnvironment.NodeTestData, "node/test_scan_sum/model.onnx")).Module!;
        var result = OnnxExporter.Export(module);
        Assert.True(result.Success);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((ExportDiagnosticCodes.OpaqueOnnxOp, false), (warning.Code.Number, warning.IsError));
        Assert.Contains("'Scan'", warning.Message, StringComparison.Ordinal);
    }
}
