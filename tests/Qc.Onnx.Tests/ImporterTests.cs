using Google.Protobuf;
using Onnx;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using static Qc.Onnx.Tests.ModelBuilder;

namespace Qc.Onnx.Tests;

/// <summary>Graph structure: ordering, names, weights, subgraphs, pinning, metadata, functions, and the model editor.</summary>
public sealed class ImporterTests
{
    [Fact]
    public void UnsortedNodesAreSortedKeepingFileOrderOtherwise()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2).Output("z", F32, 2);
        b.Node("Relu", ["b"], ["y"]);
        b.Node("Neg", ["x"], ["z"]);
        b.Node("Abs", ["x"], ["b"]);
        var module = b.ImportOk();
        Assert.Equal(["z", "b", "y"], module.Main.Ops.Select(o => o.Result.Name));
    }

    [Fact]
    public void NamesAreKeptAndEmptyOutputsGetFreshNames()
    {
        var b = new ModelBuilder().Input("x.0/in", F32, 3, 4).Output("v", F32, 3, 1);
        b.Node("TopK", ["x.0/in", "k"], ["v", ""], Int("axis", 1));
        b.Initializer(Int64Tensor("k", [1], 1));
        var module = b.ImportOk();
        var topk = module.Main.Ops.Single(o => o.Mnemonic == "top_k");
        Assert.Equal("x.0/in", topk.Input(0)!.Name);
        Assert.Equal("v", topk.Results[0].Name);
        Assert.Equal("n_v_unused1", topk.Results[1].Name);
        Assert.Equal("n_v", topk.Name);
    }

    [Fact]
    public void EmptyInputNamesAreAbsentInputs()
    {
        var b = new ModelBuilder().Input("x", F32, 4).Output("y", F32, 4);
        b.Initializer(FloatTensor("hi", [], 6f));
        b.Node("Clip", ["x", "", "hi"], ["y"]);
        var clip = b.ImportOk().Main.Ops.Single(o => o.Mnemonic == "clip");
        Assert.Null(clip.Input(1));
        Assert.Equal("hi", clip.Input(2)!.Name);
    }

    [Fact]
    public void InitializersAndConstantNodesBecomeNamedConstants()
    {
        var b = new ModelBuilder().Output("a", F32).Output("b").Output("c", F32, 2).Output("d").Output("e", F32, 2, 2);
        b.Node("Constant", [], ["a"], Float("value_float", 2.5f));
        b.Node("Constant", [], ["b"], Ints("value_ints", 1, 2, 3));
        b.Node("Constant", [], ["c"], Tensor("value", FloatTensor("ignored", [2], 1, 2)));
        b.Node("Constant", [], ["d"], new AttributeProto { Name = "value_strings", Type = AttributeProto.Types.AttributeType.Strings, Strings = { ByteString.CopyFromUtf8("hi") } });
        var sparse = new SparseTensorProto { Values = FloatTensor("e", [2], 5, 7), Indices = Int64Tensor("i", [2, 2], 0, 1, 1, 0) };
        sparse.Dims.AddRange([2, 2]);
        b.Node("Constant", [], ["e"], new AttributeProto { Name = "sparse_value", Type = AttributeProto.Types.AttributeType.SparseTensor, SparseTensor = sparse });
        var module = b.ImportOk();
        Assert.Equal(["a", "b", "c", "d", "e"], module.Constants.Select(c => c.Name));
        Assert.True(module.Constants.TryGet("a", out var a));
        Assert.Equal("tensor<f32>", a.Type.ToString());
        Assert.True(module.Constants.TryGet("e", out var e));
        Assert.Equal([0f, 5, 7, 0], e.Data!.ToArray<float>());
        Assert.All(module.Main.Ops, op => Assert.IsType<ConstantOp>(op));
        Assert.Equal("c", Assert.IsType<ConstantOp>(module.Main.Ops[2]).Constant.Name);
    }

    [Fact]
    public void SparseInitializersAreDensified()
    {
        var b = new ModelBuilder(irVersion: 8).Output("w", F32, 3);
        var sparse = new SparseTensorProto { Values = FloatTensor("w", [1], 4), Indices = Int64Tensor("i", [1], 2) };
        sparse.Dims.Add(3);
        b.Graph.SparseInitializer.Add(sparse);
        var module = b.ImportOk();
        Assert.True(module.Constants.TryGet("w", out var w));
        Assert.Equal([0f, 0, 4], w.Data!.ToArray<float>());

        sparse.Indices = Int64Tensor("i", [1], 3);
        Assert.Contains(b.Import().Diagnostics, d => d.Code.Number == OnnxDiagnosticCodes.BadTensorData);
    }

    [Fact]
    public void InitializerThatIsAlsoAnInputIsAConstantUnlessPinned()
    {
        var b = new ModelBuilder(opset: 9, irVersion: 3).Input("x", F32, 2).Input("w", F32, 2).Output("y", F32, 2);
        b.Initializer(FloatTensor("w", [2], 1, 2));
        b.Node("Add", ["x", "w"], ["y"]);
        var module = b.ImportOk();
        Assert.Equal(["x"], module.Main.Parameters.Select(p => p.Name));
        Assert.IsType<ConstantOp>(module.Main.Ops.Single(o => o.Mnemonic == "add").Input(1)!.Producer);

        var pinned = b.ImportOk(new ImportOptions { InputShapes = new Dictionary<string, Dim[]> { ["w"] = [2] } });
        Assert.Equal(["x", "w"], pinned.Main.Parameters.Select(p => p.Name));
        Assert.Equal(0, pinned.Constants.Count);
    }

    [Fact]
    public void SymbolicDimsAndPinning()
    {
        var b = new ModelBuilder().Input("x", F32, "batch", 3, new object()).Output("y", F32, "batch", 3, new object());
        b.Node("Relu", ["x"], ["y"]);
        var module = b.ImportOk();
        Assert.Equal("tensor<{batch}x3x?xf32>", module.Main.Parameters[0].Type.ToString());
        Assert.Equal("tensor<{batch}x3x?xf32>", module.Main.Outputs[0].Type.ToString());
        var pinned = b.ImportOk(new ImportOptions { InputShapes = new Dictionary<string, Dim[]> { ["x"] = [8, 3, Dim.Sym("w")] } });
        Assert.Equal("tensor<8x3x{w}xf32>", pinned.Main.Outputs[0].Type.ToString());
    }

    [Fact]
    public void IfBranchesBecomeRegionsResolvingOuterValues()
    {
        GraphProto Branch(string op, string output)
        {
            var g = new GraphProto { Name = op };
            var n = new NodeProto { OpType = op, Name = op };
            n.Input.Add("x");
            n.Output.Add(output);
            g.Node.Add(n);
            g.Output.Add(ValueInfo(output, F32, [2]));
            return g;
        }

        var b = new ModelBuilder().Input("c", (int)TensorProto.Types.DataType.Bool).Input("x", F32, 2).Output("y", F32, 2);
        b.Node("If", ["c"], ["y"], GraphAttr("then_branch", Branch("Relu", "t")), GraphAttr("else_branch", Branch("Neg", "e")));
        var module = b.ImportOk();
        var op = Assert.Single(module.Main.Ops);
        Assert.Equal(["then_branch", "else_branch"], op.Regions.Select(r => r.Name));
        var then = op.Regions[0].Body;
        Assert.Same(module.Main.Parameters[1], then.Ops[0].Input(0));
        Assert.Equal("t", Assert.Single(then.Outputs).Name);
        Assert.Equal("tensor<2xf32>", op.Result.Type.ToString());
        Assert.Null(Conformance.ConformanceCase.RoundTrip(module));
    }

    [Fact]
    public void LoopBodyParametersComeFromTheSubgraphInputs()
    {
        var body = new GraphProto { Name = "body" };
        body.Input.Add(ValueInfo("i", I64T, []));
        body.Input.Add(ValueInfo("c_in", (int)TensorProto.Types.DataType.Bool, []));
        body.Input.Add(ValueInfo("acc_in", F32, [2]));
        body.Node.Add(new NodeProto { OpType = "Add", Input = { "acc_in", "x" }, Output = { "acc_out" } });
        body.Node.Add(new NodeProto { OpType = "Identity", Input = { "c_in" }, Output = { "c_out" } });
        body.Output.Add(ValueInfo("c_out", (int)TensorProto.Types.DataType.Bool, []));
        body.Output.Add(ValueInfo("acc_out", F32, [2]));
        var b = new ModelBuilder().Input("n", I64T).Input("x", F32, 2).Output("y", F32, 2);
        b.Node("Loop", ["n", "", "x"], ["y"], GraphAttr("body", body));
        var module = b.ImportOk();
        var loop = Assert.Single(module.Main.Ops);
        Assert.Null(loop.Input(1));
        var region = Assert.Single(loop.Regions);
        Assert.Equal("body", region.Name);
        Assert.Equal(["i", "c_in", "acc_in"], region.Body.Parameters.Select(p => p.Name));
        Assert.Equal("tensor<2xf32>", region.Body.Parameters[2].Type.ToString());
        Assert.Equal(["c_out", "acc_out"], region.Body.Outputs.Select(o => o.Name));
        Assert.Same(module.Main.Parameters[1], region.Body.Ops[0].Input(1));
        Assert.Null(Conformance.ConformanceCase.RoundTrip(module));
    }

    [Fact]
    public void GraphAttributesOfUnknownOpsBecomeRegions()
    {
        var sub = new GraphProto { Name = "sub" };
        sub.Node.Add(new NodeProto { OpType = "Relu", Input = { "x" }, Output = { "r" } });
        sub.Output.Add(ValueInfo("r", F32, [2]));
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        b.Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "custom", Version = 1 });
        b.Node("MyLoop", ["x"], ["y"], GraphAttr("step", sub), Int("n", 4)).Domain = "custom";
        var result = b.Import();
        Assert.True(result.Success, DiagnosticFormatter.Format(result.Diagnostics));
        var op = Assert.IsType<OpaqueOp>(Assert.Single(result.Module!.Main.Ops));
        Assert.Equal("step", Assert.Single(op.Regions).Name);
        Assert.Equal("tensor<2xf32>", op.Regions[0].Body.Ops[0].Result.Type.ToString());
        Assert.Equal(4, op.Attributes.GetInt("n", 0));
        Assert.Null(Conformance.ConformanceCase.RoundTrip(result.Module));
    }

    [Fact]
    public void NodeUsingAValueProducedInsideASubgraphOnlyIsUndefined()
    {
        var body = new GraphProto { Name = "body" };
        body.Node.Add(new NodeProto { OpType = "Relu", Input = { "x" }, Output = { "inner" } });
        body.Output.Add(ValueInfo("inner", F32, [2]));
        var b = new ModelBuilder().Input("c", (int)TensorProto.Types.DataType.Bool).Input("x", F32, 2).Output("y", F32, 2);
        b.Node("If", ["c"], ["t"], GraphAttr("then_branch", body), GraphAttr("else_branch", body));
        b.Node("Neg", ["inner"], ["y"]);
        Assert.Contains(b.Import().Diagnostics, d => d.Code.Number == OnnxDiagnosticCodes.UndefinedValue);
    }

    [Fact]
    public void MetadataIsRecorded()
    {
        var b = new ModelBuilder(opset: 13).Input("x", F32, 1).Output("x", F32, 1);
        b.Model.ProducerName = "pytorch";
        b.Model.ProducerVersion = "2.1";
        b.Model.ModelVersion = 3;
        b.Model.Domain = "org.example";
        b.Model.DocString = "not kept";
        b.Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = 3 });
        var module = b.ImportOk();
        Assert.Equal(
            "module {domain = \"org.example\", ir_version = 8, model_version = 3, opset_import = [\"ai.onnx:13\", \"ai.onnx.ml:3\"], producer_name = \"pytorch\", producer_version = \"2.1\"}",
            GraphPrinter.Print(module).Split('\n')[0]);
    }

    [Fact]
    public void WithoutInferenceOnlyDeclaredTypesAreSet()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        b.Node("Relu", ["x"], ["y"]);
        var result = b.Import(new ImportOptions { InferTypes = false });
        Assert.True(result.Success);
        Assert.IsType<UnknownType>(result.Module!.Main.Ops[0].Result.Type);
        Assert.Equal("tensor<2xf32>", result.Module.Main.Parameters[0].Type.ToString());
    }

    [Fact]
    public void ModelLocalFunctionsAreInlined()
    {
        var b = new ModelBuilder(irVersion: 8).Input("x", F32, 2).Output("y", F32, 2);
        b.Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "local", Version = 1 });
        var f = new FunctionProto { Name = "Swish", Domain = "local", Input = { "a" }, Output = { "b" } };
        f.Node.Add(new NodeProto { OpType = "Sigmoid", Input = { "a" }, Output = { "s" } });
        f.Node.Add(new NodeProto { OpType = "Mul", Input = { "a", "s" }, Output = { "b" } });
        f.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        b.Model.Functions.Add(f);
        b.Node("Swish", ["x"], ["y"]).Domain = "local";
        var module = b.ImportOk();
        Assert.Equal(["sigmoid", "mul"], module.Main.Ops.Select(o => o.Mnemonic));
        Assert.Equal("n_y/s", module.Main.Ops[0].Result.Name);
        Assert.Equal("y", module.Main.Ops[1].Result.Name);
    }

    [Fact]
    public void DiagnosticsPointAtNodesByNameOrFirstOutput()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        b.Node("Add", ["x", "missing"], ["y"]).Name = "";
        var d = b.Import().Diagnostics.First(x => x.Code.Number == OnnxDiagnosticCodes.UndefinedValue);
        Assert.Equal(new NodeLocation("test.onnx", "y", "Add"), d.Location);
        Assert.Equal("test.onnx: node 'y' (Add): error QC3010: value 'missing' used by node 'y' is never defined\n"
            + "  hint: add an initializer, graph input or node output named 'missing', or fix the name\n", DiagnosticFormatter.Format(d));
    }

    [Fact]
    public void AddOutputsExposesIntermediateValues()
    {
        var b = new ModelBuilder().Input("x", F32, 2).Output("y", F32, 2);
        b.Node("Relu", ["x"], ["h"]);
        b.Node("Neg", ["h"], ["y"]);
        b.Graph.ValueInfo.Add(ValueInfo("h", F32, [2]));
        var edited = OnnxModelEditor.AddOutputs(b.Bytes(), ["h", "y", "x"]);
        var model = ModelProto.Parser.ParseFrom(edited);
        Assert.Equal(["y", "h", "x"], model.Graph.Output.Select(o => o.Name));
        Assert.Equal(2, model.Graph.Output[1].Type.TensorType.Shape.Dim[0].DimValue);
        var module = OnnxImporter.Import(edited, "edited.onnx", null);
        Assert.True(module.Success);
        Assert.Equal(3, module.Module!.Main.Outputs.Count);

        var e = Assert.Throws<ArgumentException>(() => OnnxModelEditor.AddOutputs(b.Bytes(), ["h", "nope"]));
        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
        Assert.Throws<OnnxFormatException>(() => OnnxModelEditor.AddOutputs(new byte[] { 0xFF, 0xFF }, ["h"]));
    }

    [Fact]
    public void SchemaSetCoversOpsets1To22()
    {
        var schemas = Schemas.OnnxSchemaSet.Default;
        Assert.True(schemas.TryFind("", "Conv", 22, out var conv));
        Assert.Equal(11, conv.Since);
        Assert.True(schemas.TryFind("", "Split", 18, out var split));
        Assert.NotNull(split.Find("num_outputs"));
        Assert.True(schemas.TryFind("ai.onnx", "Gelu", 20, out _));
        Assert.False(schemas.TryFind("", "Gelu", 19, out _));
        Assert.True(schemas.TryFind("", "Softmax", 11, out var softmax));
        Assert.Equal(new IntAttr(1), softmax.Find("axis")!.Default);
        Assert.True(schemas.TryFind("", "SequenceMap", 17, out var map));
        Assert.Equal(1, map.MinInputs);
        Assert.Equal(ElementType.F32, (ElementType)1);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(11, 0)]
    [InlineData(13, 0)]
    [InlineData(16, 0)]
    [InlineData(19, 0)]
    [InlineData(21, 0)]
    [InlineData(22, 0)]
    public void SchemaSetKnowsThatLoopMayCarryNoValues(int opset, int minInputs)
    {
        // Loop's v_initial may be empty since opset 11 (ONNX 1.12's min_input counts M and cond, then min_arity 0).
        Assert.True(Schemas.OnnxSchemaSet.Default.TryFind("", "Loop", opset, out var loop));
        Assert.Equal(minInputs, loop.MinInputs);
    }
}
