using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph.Tests.Text;

public sealed class GraphTextTests
{
    private const string Sample = """
        module {ir_version = 8, opset_import = ["ai.onnx:13"], producer_name = "test"}
        graph @main(%x: tensor<{batch}x3x4xf32>, %"in/2": tensor<4xf32>) -> (tensor<{batch}x3x4xf32>, tensor<*xi1>) {
          %w = graph.constant @w : tensor<3x4xf32>
          %s = graph.constant @shape dense<[1, -1]> : tensor<2xi64>
          %"a/b:0" = graph.add %x, %w : (tensor<{batch}x3x4xf32>, tensor<3x4xf32>) -> tensor<{batch}x3x4xf32>
          %y = graph.leaky_relu %"a/b:0" {alpha = 0.01} : (tensor<{batch}x3x4xf32>) -> tensor<{batch}x3x4xf32>
          %c = graph.clip %y, none, %"in/2" : (tensor<{batch}x3x4xf32>, none, tensor<4xf32>) -> tensor<{batch}x3x4xf32>
          %e = graph.opaque<"com.example::Custom"> %c {names = ["p", "q"], ratio = [0.5, 1.0], sizes = ints[], tag = "a\"b"} : (tensor<{batch}x3x4xf32>) -> tensor<*xi1>
          return %c, %e
        }

        """;

    [Fact]
    public void Parse_ThenPrint_IsIdentical()
    {
        var result = GraphParser.Parse(Sample);
        Assert.True(result.Diagnostics.IsEmpty, DiagnosticFormatter.Format(result.Diagnostics));
        Assert.Equal(Sample, GraphPrinter.Print(result.Module!));
    }

    [Fact]
    public void Parse_ConstantsSection_RestoresData()
    {
        var module = new GraphModule("main");
        var x = module.Main.AddParameter("x", TensorType.Of(ElementType.F32, [2, 2]));
        var w = ConstantOp.Create(module, module.Main, module.Constants.Add("w", TensorData.Create<float>([2, 2], [1.5f, -2f, float.NaN, 1e-20f])));
        OpRegistry.Default.TryGetByMnemonic("mul", out var mul);
        var op = module.AddOp(module.Main, mul!, [x, w.Result]);
        op.Result.Type = x.Type;
        module.Main.SetOutputs([op.Result]);
        var options = new PrintOptions(PrintConstants: true, InlineConstantLimit: 0);
        var text = GraphPrinter.Print(module, options);
        Assert.Contains("@w = dense<[1.5, -2.0, nan, 1E-20]> : tensor<2x2xf32>", text, StringComparison.Ordinal);
        var parsed = GraphParser.Parse(text);
        Assert.True(parsed.Diagnostics.IsEmpty, DiagnosticFormatter.Format(parsed.Diagnostics));
        Assert.Equal(text, GraphPrinter.Print(parsed.Module!, options));
        parsed.Module!.Constants.TryGet("w", out var entry);
        Assert.Equal(module.Constants.First().Data!.Data.ToArray(), entry!.Data!.Data.ToArray());
    }

    [Fact]
    public void Print_Locations_RoundTrip()
    {
        var text = Sample.Replace("{alpha = 0.01} : (tensor<{batch}x3x4xf32>) -> tensor<{batch}x3x4xf32>",
            "{alpha = 0.01} : (tensor<{batch}x3x4xf32>) -> tensor<{batch}x3x4xf32> loc(\"node/1\")", StringComparison.Ordinal);
        var parsed = GraphParser.Parse(text);
        Assert.True(parsed.Diagnostics.IsEmpty, DiagnosticFormatter.Format(parsed.Diagnostics));
        Assert.Equal(text, GraphPrinter.Print(parsed.Module!, new PrintOptions(PrintLocations: true)));
    }

    [Theory]
    [InlineData("module\ngraph @m() -> () {\n  %y = graph.nosuch %x : (tensor<f32>) -> tensor<f32>\n  return\n}\n", "QC3302", 3, 8)]
    [InlineData("module\ngraph @m() -> () {\n  %y = graph.relu %x : (tensor<f32>) -> tensor<f32>\n  return\n}\n", "QC3303", 3, 19)]
    [InlineData("module\ngraph @m(%x: tensor<f32>) -> () {\n  %x = graph.relu %x : (tensor<f32>) -> tensor<f32>\n  return\n}\n", "QC3304", 3, 3)]
    [InlineData("module\ngraph @m(%x: tensor<2xq7>) -> () {\n  return\n}\n", "QC3301", 2, 14)]
    [InlineData("module\ngraph @m(%x: tensor<f32>) -> () {\n  %a, %b = graph.relu %x : (tensor<f32>) -> tensor<f32>\n  return\n}\n", "QC3305", 3, 3)]
    [InlineData("module\ngraph @m(", "QC3301", 2, 10)]
    public void Parse_BadText_ReportsCodeAndPosition(string text, string code, int line, int column)
    {
        var result = GraphParser.Parse(text, "t.qir");
        Assert.Null(result.Module);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(code, d.Code.ToString());
        var loc = Assert.IsType<SourceLocation>(d.Location);
        Assert.Equal((line, column), loc.Source.GetLineColumn(loc.Span.Start));
    }

    [Fact]
    public void Parse_RandomMutations_NeverThrow()
    {
        var rng = new Random(1234);
        for (var i = 0; i < 3000; i++)
        {
            var chars = Sample.ToCharArray().ToList();
            var edits = rng.Next(1, 4);
            for (var e = 0; e < edits && chars.Count > 0; e++)
            {
                var at = rng.Next(chars.Count);
                switch (rng.Next(3))
                {
                    case 0: chars.RemoveAt(at); break;
                    case 1: chars.Insert(at, "%@{}()<>[],:=\"x?-.0123456789abnoe\\"[rng.Next(34)]); break;
                    default: chars = chars.Take(at).ToList(); break;
                }
            }

            var result = GraphParser.Parse(new string(chars.ToArray()));
            Assert.True(result.Module is not null || result.Diagnostics.Any(d => d.IsError));
        }
    }

    /// <summary>Every registered op prints and parses back to identical text (syntax only; types set by hand).</summary>
    [Fact]
    public void EveryRegisteredOp_RoundTrips()
    {
        var count = 0;
        foreach (var schema in OpRegistry.Default.All)
        {
            if (schema == ConstantOp.Schema_ || schema == OpaqueOp.Schema_)
            {
                continue;
            }

            var module = new GraphModule("main");
            var x = module.Main.AddParameter("x", TensorType.Of(ElementType.F32, [2, 3]));
            var inputs = Enumerable.Range(0, schema.MinInputs).Select(i => (Value?)x).ToList();
            if (schema.MaxInputs > schema.MinInputs)
            {
                inputs.Add(null);
                inputs.Add(x);
                inputs = inputs.Take(Math.Min(inputs.Count, schema.MaxInputs)).ToList();
            }

            var attrs = AttributeMap.From(schema.Attributes.Select(a => KeyValuePair.Create(a.Name, SampleAttribute(a.Kind))));
            var regions = schema.RegionNames.Select(n =>
            {
                var body = new Graph(n);
                var p = body.AddParameter(module.UniqueName(n + "_arg"), TensorType.Of(ElementType.I64, []));
                body.SetOutputs([p, x]);
                return new Region(n, body);
            }).ToList();
            var op = module.AddOp(module.Main, schema, inputs, attrs, resultCount: Math.Max(1, schema.MinOutputs), regions: regions);
            foreach (var r in op.Results)
            {
                r.Type = new TensorType(ElementType.F32, Dim.Sym("n"), 3);
            }

            module.Main.SetOutputs(op.Results);
            var text = GraphPrinter.Print(module);
            var parsed = GraphParser.Parse(text);
            Assert.True(parsed.Diagnostics.IsEmpty, $"{schema.Mnemonic}: {string.Join("; ", parsed.Diagnostics.Select(d => d.Message))}\n{text}");
            Assert.Equal(text, GraphPrinter.Print(parsed.Module!));
            var bag = new DiagnosticBag();
            Assert.True(GraphVerifier.Verify(parsed.Module!, bag), $"{schema.Mnemonic}: {DiagnosticFormatter.Format(bag)}");
            count++;
        }

        Assert.True(count >= 40, $"only {count} ops registered");
    }

    private static AttributeValue SampleAttribute(string kind) => kind switch
    {
        "INT" => new IntAttr(-3),
        "FLOAT" => new FloatAttr(0.1f),
        "STRING" => new StringAttr("s"),
        "INTS" => new IntsAttr([1, 2]),
        "FLOATS" => new FloatsAttr([0.5f, 2f]),
        "STRINGS" => new StringsAttr(["a", "b c"]),
        "TENSOR" => new TensorAttr(TensorData.Create<float>([1], [0f])),
        "TYPE" => new TypeAttr(new SequenceType(TensorType.Unranked(ElementType.F16))),
        _ => throw new InvalidOperationException(kind),
    };

    [Fact]
    public void Verifier_ReportsUseBeforeDefinition()
    {
        var module = new GraphModule("main");
        var x = module.Main.AddParameter("x", TensorType.Of(ElementType.F32, [2]));
        OpRegistry.Default.TryGetByMnemonic("relu", out var relu);
        var a = module.AddOp(module.Main, relu!, [x]);
        var b = module.AddOp(module.Main, relu!, [a.Result]);
        a.SetInput(0, b.Result);
        var bag = new DiagnosticBag();
        Assert.False(GraphVerifier.Verify(module, bag));
        Assert.Contains(bag, d => d.Code.Number == 3402);
    }

    [Fact]
    public void Verifier_ReportsWrongAttributeKindAndArity()
    {
        var module = new GraphModule("main");
        var x = module.Main.AddParameter("x", TensorType.Of(ElementType.F32, [2]));
        OpRegistry.Default.TryGetByMnemonic("leaky_relu", out var lr);
        module.AddOp(module.Main, lr!, [x, x], AttributeMap.Empty.With("alpha", new IntAttr(1)));
        var bag = new DiagnosticBag();
        GraphVerifier.Verify(module, bag);
        Assert.Equal([3407, 3409], bag.Select(d => d.Code.Number).Order().ToArray());
    }

    [Fact]
    public void Dim_And_TensorType_Print()
    {
        Assert.Equal("tensor<f32>", TensorType.Of(ElementType.F32, []).ToString());
        Assert.Equal("tensor<*xi4>", TensorType.Unranked(ElementType.I4).ToString());
        Assert.Equal("tensor<?x{n}x7xbf16>", new TensorType(ElementType.BF16, Dim.Unknown, Dim.Sym("n"), 7).ToString());
        Assert.Equal("seq<opt<tensor<2xu8>>>", new SequenceType(new OptionalType(TensorType.Of(ElementType.U8, [2]))).ToString());
        _ = ImmutableArray<Dim>.Empty;
    }
}
