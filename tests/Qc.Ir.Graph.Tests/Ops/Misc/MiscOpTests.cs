using Qc.Core.Tensors;
using Qc.Ir.Graph.Tests.Ops.ControlFlow;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Misc;

/// <summary>Random generators, Multinomial, Det, StringNormalizer, TfIdfVectorizer and the training ops.</summary>
public sealed class MiscOpTests
{
    [Theory]
    [InlineData("random_uniform", null, "tensor<2x3xf32>")]
    [InlineData("random_normal", 11L, "tensor<2x3xf64>")]
    [InlineData("random_uniform", 10L, "tensor<2x3xf16>")]
    public void RandomFromShape(string mnemonic, long? dtype, string expected)
    {
        var h = new OpTestHelpers();
        var attrs = Attrs(("shape", IntsA(2, 3)));
        attrs = dtype is { } d ? attrs.With("dtype", IntA(d)) : attrs;
        var op = h.Op(mnemonic, [], attrs);
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Fact]
    public void RandomErrors()
    {
        var h = new OpTestHelpers();
        h.Op("random_normal", []);
        h.InferExpecting(InferenceCodes.BadAttributeValue);

        h = new OpTestHelpers();
        h.Op("random_uniform", [], Attrs(("shape", IntsA(2, -1))));
        h.InferExpecting(InferenceCodes.BadAttributeValue);

        h = new OpTestHelpers();
        h.Op("random_uniform_like", [h.Arg("x", ElementType.F32, "2")], Attrs(("dtype", IntA(42))));
        h.InferExpecting(InferenceCodes.BadAttributeValue);
    }

    [Theory]
    [InlineData("random_uniform_like", null, "tensor<2x{n}xf16>")]
    [InlineData("random_normal_like", 1L, "tensor<2x{n}xf32>")]
    [InlineData("bernoulli", null, "tensor<2x{n}xf16>")]
    [InlineData("bernoulli", 9L, "tensor<2x{n}xi1>")]
    public void RandomLike(string mnemonic, long? dtype, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op(mnemonic, [h.Arg("x", ElementType.F16, "2x{n}")], dtype is { } d ? Attrs(("dtype", IntA(d))) : null);
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Theory]
    [InlineData("4x10", null, null, "tensor<4x1xi32>")]
    [InlineData("{b}x10", 3L, 7L, "tensor<{b}x3xi64>")]
    public void Multinomial(string dims, long? samples, long? dtype, string expected)
    {
        var h = new OpTestHelpers();
        var attrs = samples is { } s ? Attrs(("sample_size", IntA(s))) : Attrs();
        attrs = dtype is { } d ? attrs.With("dtype", IntA(d)) : attrs;
        var op = h.Op("multinomial", [h.Arg("x", ElementType.F32, dims)], attrs);
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Theory]
    [InlineData("4x10", 1L, 1L, InferenceCodes.BadAttributeValue)]
    [InlineData("4x10", 0L, 6L, InferenceCodes.BadAttributeValue)]
    [InlineData("10", 1L, 6L, InferenceCodes.RankMismatch)]
    public void MultinomialErrors(string dims, long samples, long dtype, int code)
    {
        var h = new OpTestHelpers();
        var op = h.Op("multinomial", [h.Arg("x", ElementType.F32, dims)], Attrs(("sample_size", IntA(samples)), ("dtype", IntA(dtype))));
        h.InferExpecting(code);
        Assert.Equal("?", op.TypeAt());
    }

    [Theory]
    [InlineData("3x4x4", "tensor<3xf32>")]
    [InlineData("4x4", "tensor<f32>")]
    [InlineData("{b}x2x{m}x{m}", "tensor<{b}x2xf32>")]
    [InlineData("*", "tensor<*xf32>")]
    public void Det(string dims, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("det", [h.Arg("x", ElementType.F32, dims)]);
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Theory]
    [InlineData("3x4x5", InferenceCodes.ShapeMismatch)]
    [InlineData("4", InferenceCodes.RankMismatch)]
    public void DetErrors(string dims, int code)
    {
        var h = new OpTestHelpers();
        h.Op("det", [h.Arg("x", ElementType.F32, dims)]);
        h.InferExpecting(code);
    }

    [Theory]
    [InlineData("1x5", true, "tensor<1x?xstr>")]
    [InlineData("1x5", false, "tensor<1x5xstr>")]
    [InlineData("5", true, "tensor<?xstr>")]
    [InlineData("{c}", false, "tensor<{c}xstr>")]
    public void StringNormalizer(string dims, bool stopwords, string expected)
    {
        var h = new OpTestHelpers();
        var attrs = Attrs(("case_change_action", StrA("LOWER")));
        attrs = stopwords ? attrs.With("stopwords", new StringsAttr(["a", "the"])) : attrs;
        var op = h.Op("string_normalizer", [h.Arg("x", ElementType.String, dims)], attrs);
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Fact]
    public void StringNormalizerErrors()
    {
        var h = new OpTestHelpers();
        h.Op("string_normalizer", [h.Arg("x", ElementType.F32, "5")]);
        h.InferExpecting(InferenceCodes.TypeMismatch);

        h = new OpTestHelpers();
        h.Op("string_normalizer", [h.Arg("x", ElementType.String, "2x5")]);
        h.InferExpecting(InferenceCodes.RankMismatch);

        h = new OpTestHelpers();
        h.Op("string_normalizer", [h.Arg("x", ElementType.String, "5")], Attrs(("case_change_action", StrA("TITLE"))));
        h.InferExpecting(InferenceCodes.BadAttributeValue);
    }

    [Theory]
    [InlineData("12", ElementType.I64, "tensor<7xf32>")]
    [InlineData("2x6", ElementType.I32, "tensor<2x7xf32>")]
    [InlineData("{n}x6", ElementType.String, "tensor<{n}x7xf32>")]
    public void TfIdfVectorizer(string dims, ElementType elem, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("tf_idf_vectorizer", [h.Arg("x", elem, dims)], TfIdfAttrs());
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Fact]
    public void TfIdfVectorizerErrors()
    {
        var h = new OpTestHelpers();
        h.Op("tf_idf_vectorizer", [h.Arg("x", ElementType.I64, "2x3x4")], TfIdfAttrs());
        h.InferExpecting(InferenceCodes.RankMismatch);

        h = new OpTestHelpers();
        h.Op("tf_idf_vectorizer", [h.Arg("x", ElementType.F32, "4")], TfIdfAttrs());
        h.InferExpecting(InferenceCodes.TypeMismatch);

        h = new OpTestHelpers();
        h.Op("tf_idf_vectorizer", [h.Arg("x", ElementType.I64, "4")], TfIdfAttrs().With("ngram_indexes", IntsA()));
        h.InferExpecting(InferenceCodes.BadAttributeValue);
    }

    [Fact]
    public void AdagradAdamMomentumKeepInputTypes()
    {
        var h = new OpTestHelpers();
        var r = h.Arg("r", ElementType.F32, "");
        var t = h.Arg("t", ElementType.I64, "");
        Value X(string n) => h.Arg(n, ElementType.F32, "3x4");
        Value Y(string n) => h.Arg(n, ElementType.F32, "{k}");
        var adagrad = h.Op("adagrad", [r, t, X("x1"), Y("x2"), X("g1"), Y("g2"), X("h1"), Y("h2")], results: 4);
        var momentum = h.Op("momentum", [r, t, X("mx"), X("mg"), X("mv")],
            Attrs(("alpha", FloatA(0.9f)), ("beta", FloatA(0.1f)), ("mode", StrA("standard")), ("norm_coefficient", FloatA(0f))), results: 2);
        var adam = h.Op("adam", [r, t, Y("ax"), Y("ag"), Y("av"), Y("ah")], results: 3);
        h.InferClean();
        Assert.Equal(["tensor<3x4xf32>", "tensor<{k}xf32>", "tensor<3x4xf32>", "tensor<{k}xf32>"], adagrad.Results.Select(v => v.Type.ToString()));
        Assert.Equal(["tensor<3x4xf32>", "tensor<3x4xf32>"], momentum.Results.Select(v => v.Type.ToString()));
        Assert.All(adam.Results, v => Assert.Equal("tensor<{k}xf32>", v.Type.ToString()));
        Assert.Equal("ai.onnx.preview.training", adam.Schema.Domain);
    }

    [Fact]
    public void OptimizerReportsBadInputCount()
    {
        var h = new OpTestHelpers();
        var op = h.Op("adam", [h.Arg("r", ElementType.F32, ""), h.Arg("t", ElementType.I64, ""), h.Arg("x", ElementType.F32, "2"),
            h.Arg("g", ElementType.F32, "2"), h.Arg("v", ElementType.F32, "2")], results: 3);
        h.InferExpecting(InferenceCodes.BadInput);
        Assert.Equal("?", op.TypeAt());
    }

    [Fact]
    public void GradientResultsHaveTheTypesOfXs()
    {
        var h = new OpTestHelpers();
        var a = h.Arg("a", ElementType.F32, "2x3");
        var b = h.Arg("b", ElementType.F64, "{n}");
        var z = h.Arg("z", ElementType.F32, "7");
        var op = h.Op("gradient", [a, b, z],
            Attrs(("xs", new StringsAttr(["a", "b"])), ("zs", new StringsAttr(["z"])), ("y", StrA("loss"))), results: 2);
        var unknown = h.Op("gradient", [h.ArgOf("u", IrType.Unknown)],
            Attrs(("xs", new StringsAttr(["u", "v"])), ("y", StrA("loss"))), results: 2);
        h.InferClean();
        Assert.Equal("tensor<2x3xf32>", op.TypeAt(0));
        Assert.Equal("tensor<{n}xf64>", op.TypeAt(1));
        Assert.Equal("?", unknown.TypeAt(0));
        Assert.Equal("?", unknown.TypeAt(1));
    }

    private static AttributeMap TfIdfAttrs() => Attrs(("max_gram_length", IntA(2)), ("max_skip_count", IntA(0)), ("min_gram_length", IntA(1)),
        ("mode", StrA("TF")), ("ngram_counts", IntsA(0, 4)), ("ngram_indexes", IntsA(0, 1, 2, 3, 4, 5, 6)),
        ("pool_int64s", IntsA(2, 3, 5, 4, 5, 6, 7, 8, 6, 7)));
}
