using Qc.Core.Tensors;
using Qc.Ir.Graph.Tests.Ops.ControlFlow;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.Sequence;

/// <summary>Sequence and optional ops.</summary>
public sealed class SequenceOpTests
{
    private static SequenceType SeqOf(string dims, ElementType elem = ElementType.F32) => new(RegionKit.Tensor(elem, dims));

    [Theory]
    [InlineData(null, "seq<tensor<*xf32>>")]
    [InlineData(7L, "seq<tensor<*xi64>>")]
    [InlineData(10L, "seq<tensor<*xf16>>")]
    public void SequenceEmpty(long? dtype, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("sequence_empty", [], dtype is { } d ? Attrs(("dtype", IntA(d))) : null);
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Fact]
    public void SequenceEmptyRejectsUnknownDtype()
    {
        var h = new OpTestHelpers();
        var op = h.Op("sequence_empty", [], Attrs(("dtype", IntA(99))));
        h.InferExpecting(InferenceCodes.BadAttributeValue);
        Assert.Equal("?", op.TypeAt());
    }

    [Theory]
    [InlineData("2x3", "2x3", "seq<tensor<2x3xf32>>")]
    [InlineData("2x3", "2x4", "seq<tensor<2x?xf32>>")]
    [InlineData("{b}x3", "{b}x3", "seq<tensor<{b}x3xf32>>")]
    [InlineData("2x3", "3", "seq<tensor<*xf32>>")]
    public void SequenceConstructUnionsElements(string a, string b, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("sequence_construct", [h.Arg("a", ElementType.F32, a), h.Arg("b", ElementType.F32, b)]);
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Fact]
    public void SequenceConstructRejectsMixedElementTypes()
    {
        var h = new OpTestHelpers();
        var op = h.Op("sequence_construct", [h.Arg("a", ElementType.F32, "2"), h.Arg("b", ElementType.I64, "2")]);
        h.InferExpecting(InferenceCodes.TypeMismatch);
        Assert.Equal("?", op.TypeAt());
    }

    [Theory]
    [InlineData("2x3", "2x3", false, "seq<tensor<2x3xf32>>")]
    [InlineData("2x3", "5x3", true, "seq<tensor<?x3xf32>>")]
    [InlineData("*", "5x3", false, "seq<tensor<*xf32>>")]
    public void SequenceInsert(string seqDims, string tensorDims, bool withPosition, string expected)
    {
        var h = new OpTestHelpers();
        var pos = withPosition ? h.ScalarConst("p", 0L) : null;
        var op = h.Op("sequence_insert", [h.ArgOf("s", SeqOf(seqDims)), h.Arg("t", ElementType.F32, tensorDims), pos]);
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Fact]
    public void SequenceInsertIntoEmptySequenceTakesTheTensorType()
    {
        // simple/test_sequence_model1: insert 2x3x4, 1x3x4, then 3x3x4 at position 1 into SequenceEmpty and read element 2.
        var h = new OpTestHelpers();
        var empty = h.Op("sequence_empty", []);
        var s1 = h.Op("sequence_insert", [empty.Result, h.Arg("x", ElementType.F32, "2x3x4")]);
        var s2 = h.Op("sequence_insert", [s1.Result, h.Arg("y", ElementType.F32, "1x3x4")]);
        var s3 = h.Op("sequence_insert", [s2.Result, h.Arg("z", ElementType.F32, "3x3x4"), h.ScalarConst("pos", 1L)]);
        var at = h.Op("sequence_at", [s3.Result, h.ScalarConst("pos_at", 2L)]);
        var unknownElement = h.Op("sequence_insert", [empty.Result, h.ArgOf("u", RegionKit.Tensor(ElementType.Unknown, "5"))]);
        var ctx = h.Infer();
        Assert.Empty(h.Diagnostics);
        Assert.Equal("seq<tensor<2x3x4xf32>>", s1.TypeAt());
        Assert.Equal("seq<tensor<?x3x4xf32>>", s2.TypeAt());
        Assert.Equal("seq<tensor<?x3x4xf32>>", s3.TypeAt());
        Assert.Equal("tensor<?x3x4xf32>", at.TypeAt());
        Assert.Equal("seq<tensor<5xf32>>", unknownElement.TypeAt());
        Assert.Equal(Dim.Of(0), ctx.GetSequenceLength(empty.Result));
        Assert.Equal(Dim.Of(3), ctx.GetSequenceLength(s3.Result));
    }

    [Fact]
    public void SequenceInsertIntoEmptySequenceChecksTheElementType()
    {
        var h = new OpTestHelpers();
        var empty = h.Op("sequence_empty", [], Attrs(("dtype", IntA((long)ElementType.I64))));
        var op = h.Op("sequence_insert", [empty.Result, h.Arg("x", ElementType.F32, "2")]);
        h.InferExpecting(InferenceCodes.TypeMismatch);
        Assert.Equal("?", op.TypeAt());
    }

    [Fact]
    public void SequenceLengthsSizeConcatFromSequenceAndSequenceLength()
    {
        // simple/test_sequence_model5: ConcatFromSequence(SequenceConstruct(X, Y, Z), axis = -1, new_axis = 1)
        var h = new OpTestHelpers();
        var x = h.Arg("x", ElementType.F32, "2x3x4");
        var construct = h.Op("sequence_construct", [x, x, x]);
        var stacked = h.Op("concat_from_sequence", [construct.Result], Attrs(("axis", IntA(-1)), ("new_axis", IntA(1))));
        var joined = h.Op("concat_from_sequence", [construct.Result], Attrs(("axis", IntA(0)), ("new_axis", IntA(0))));
        var length = h.Op("sequence_length", [construct.Result]);
        var erased = h.Op("sequence_erase", [construct.Result, null]);
        var stackedErased = h.Op("concat_from_sequence", [erased.Result], Attrs(("axis", IntA(0)), ("new_axis", IntA(1))));
        var unknownLength = h.Op("concat_from_sequence", [h.ArgOf("s", SeqOf("2x3"))], Attrs(("axis", IntA(0)), ("new_axis", IntA(1))));
        var ctx = h.Infer();
        Assert.Empty(h.Diagnostics);
        Assert.Equal("tensor<2x3x4x3xf32>", stacked.TypeAt());
        Assert.Equal("tensor<6x3x4xf32>", joined.TypeAt());
        Assert.Equal("[3]", ctx.GetShapeValue(length.Result) is { } sv ? "[" + string.Join(", ", sv) + "]" : "none");
        Assert.Equal("tensor<2x2x3x4xf32>", stackedErased.TypeAt());
        Assert.Equal("tensor<?x2x3xf32>", unknownLength.TypeAt());
    }

    [Theory]
    [InlineData("6x4", null, "", "tensor<6x1x4xf32>")]
    [InlineData("{n}x4", null, "", "tensor<{n}x1x4xf32>")]
    [InlineData("6x4", 4L, "", "tensor<2x?x4xf32>")]
    [InlineData("6x4", 2L, "", "tensor<3x2x4xf32>")]
    [InlineData("6x4", null, "3", "tensor<3x?x4xf32>")]
    [InlineData("{n}x4", 1L, "", "tensor<{n}x?x4xf32>")]
    [InlineData("{n}x4", 2L, "", "tensor<?x?x4xf32>")]
    public void SplitToSequenceLengths(string input, long? chunk, string splitLength, string expected)
    {
        var h = new OpTestHelpers();
        Value? split = chunk is { } c ? h.ScalarConst("chunk", c) : splitLength.Length > 0 ? h.Arg("split", ElementType.I64, splitLength) : null;
        var seq = h.Op("split_to_sequence", [h.Arg("x", ElementType.F32, input), split], Attrs(("axis", IntA(0))));
        var stacked = h.Op("concat_from_sequence", [seq.Result], Attrs(("axis", IntA(0)), ("new_axis", IntA(1))));
        h.InferClean();
        Assert.Equal(expected, stacked.TypeAt());
    }

    [Fact]
    public void IdentityPassesSequencesAndOptionalsThrough()
    {
        var h = new OpTestHelpers();
        var seq = h.Op("identity", [h.ArgOf("s", SeqOf("*"))]);
        var opt = h.Op("identity", [h.ArgOf("o", new OptionalType(SeqOf("5")))]);
        var construct = h.Op("sequence_construct", [h.Arg("x", ElementType.F32, "2"), h.Arg("y", ElementType.F32, "2")]);
        var copy = h.Op("identity", [construct.Result]);
        var got = h.Op("optional_get_element", [copy.Result]);
        var stacked = h.Op("concat_from_sequence", [got.Result], Attrs(("axis", IntA(0)), ("new_axis", IntA(1))));
        h.InferClean();
        Assert.Equal("seq<tensor<*xf32>>", seq.TypeAt());
        Assert.Equal("opt<seq<tensor<5xf32>>>", opt.TypeAt());
        Assert.Equal("seq<tensor<2xf32>>", copy.TypeAt());
        Assert.Equal("tensor<2x2xf32>", stacked.TypeAt());
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("neg")]
    public void OtherUnaryOpsRejectSequences(string mnemonic)
    {
        var h = new OpTestHelpers();
        var op = h.Op(mnemonic, [h.ArgOf("s", SeqOf("2"))]);
        h.InferExpecting(InferenceCodes.TypeMismatch);
        Assert.Equal("?", op.TypeAt());
    }

    [Fact]
    public void SequenceInsertRejectsWrongElementTypeAndPosition()
    {
        var h = new OpTestHelpers();
        h.Op("sequence_insert", [h.ArgOf("s", SeqOf("2")), h.Arg("t", ElementType.I32, "2")]);
        h.InferExpecting(InferenceCodes.TypeMismatch);

        h = new OpTestHelpers();
        h.Op("sequence_insert", [h.ArgOf("s", SeqOf("2")), h.Arg("t", ElementType.F32, "2"), h.Arg("p", ElementType.F32, "")]);
        h.InferExpecting(InferenceCodes.TypeMismatch);

        h = new OpTestHelpers();
        h.Op("sequence_insert", [h.ArgOf("s", SeqOf("2")), h.Arg("t", ElementType.F32, "2"), h.Arg("p", ElementType.I64, "1")]);
        h.InferExpecting(InferenceCodes.RankMismatch);
    }

    [Fact]
    public void SequenceAtEraseAndLength()
    {
        var h = new OpTestHelpers();
        var s = h.ArgOf("s", SeqOf("{n}x3", ElementType.I32));
        var at = h.Op("sequence_at", [s, h.ScalarConst("p", -1L)]);
        var erase = h.Op("sequence_erase", [s, null]);
        var erase2 = h.Op("sequence_erase", [s, h.Arg("q", ElementType.I32, "")]);
        var len = h.Op("sequence_length", [s]);
        h.InferClean();
        Assert.Equal("tensor<{n}x3xi32>", at.TypeAt());
        Assert.Equal("seq<tensor<{n}x3xi32>>", erase.TypeAt());
        Assert.Equal("seq<tensor<{n}x3xi32>>", erase2.TypeAt());
        Assert.Equal("tensor<i64>", len.TypeAt());
    }

    [Theory]
    [InlineData("sequence_at")]
    [InlineData("sequence_erase")]
    [InlineData("sequence_length")]
    public void SequenceOpsRejectTensorInput(string mnemonic)
    {
        var h = new OpTestHelpers();
        var op = h.Op(mnemonic, [h.Arg("t", ElementType.F32, "2"), h.ScalarConst("p", 0L)]);
        h.InferExpecting(InferenceCodes.TypeMismatch);
        Assert.Equal("?", op.TypeAt());
    }

    [Theory]
    [InlineData("2x3", 1L, 0L, "tensor<2x?xf32>")]
    [InlineData("2x3", -2L, 0L, "tensor<?x3xf32>")]
    [InlineData("2x3", 0L, 1L, "tensor<?x2x3xf32>")]
    [InlineData("2x3", -1L, 1L, "tensor<2x3x?xf32>")]
    [InlineData("2x3", 2L, 1L, "tensor<2x3x?xf32>")]
    [InlineData("*", 0L, 0L, "tensor<*xf32>")]
    public void ConcatFromSequence(string dims, long axis, long newAxis, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("concat_from_sequence", [h.ArgOf("s", SeqOf(dims))], Attrs(("axis", IntA(axis)), ("new_axis", IntA(newAxis))));
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Theory]
    [InlineData(2L, 0L)]
    [InlineData(-3L, 0L)]
    [InlineData(3L, 1L)]
    public void ConcatFromSequenceRejectsBadAxis(long axis, long newAxis)
    {
        var h = new OpTestHelpers();
        var op = h.Op("concat_from_sequence", [h.ArgOf("s", SeqOf("2x3"))], Attrs(("axis", IntA(axis)), ("new_axis", IntA(newAxis))));
        h.InferExpecting(InferenceCodes.BadAttributeValue);
        Assert.Equal("?", op.TypeAt());
    }

    [Theory]
    [InlineData(0L, 1L, "seq<tensor<1x4xf32>>")]
    [InlineData(0L, 0L, "seq<tensor<4xf32>>")]
    [InlineData(-1L, 0L, "seq<tensor<6xf32>>")]
    [InlineData(1L, 1L, "seq<tensor<6x1xf32>>")]
    public void SplitToSequenceWithoutSplit(long axis, long keepdims, string expected)
    {
        var h = new OpTestHelpers();
        var op = h.Op("split_to_sequence", [h.Arg("x", ElementType.F32, "6x4")], Attrs(("axis", IntA(axis)), ("keepdims", IntA(keepdims))));
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Theory]
    [InlineData("2", "seq<tensor<2x4xf32>>")]
    [InlineData("4", "seq<tensor<?x4xf32>>")]
    [InlineData("8", "seq<tensor<6x4xf32>>")]
    [InlineData("3,3", "seq<tensor<3x4xf32>>")]
    [InlineData("2,4", "seq<tensor<?x4xf32>>")]
    [InlineData("1,1,1,1,1,1", "seq<tensor<1x4xf32>>")]
    public void SplitToSequenceWithSplit(string split, string expected)
    {
        var h = new OpTestHelpers();
        var values = split.Split(',').Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var s = split.Contains(',') ? h.Ints("split", values) : h.ScalarConst("split", values[0]);
        var op = h.Op("split_to_sequence", [h.Arg("x", ElementType.F32, "6x4"), s], Attrs(("axis", IntA(0)), ("keepdims", IntA(0))));
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Fact]
    public void SplitToSequenceWithUnknownSplitAndErrors()
    {
        var h = new OpTestHelpers();
        var op = h.Op("split_to_sequence", [h.Arg("x", ElementType.F32, "{n}x4"), h.Arg("s", ElementType.I64, "2")], Attrs(("axis", IntA(1))));
        h.InferClean();
        Assert.Equal("seq<tensor<{n}x?xf32>>", op.TypeAt());

        h = new OpTestHelpers();
        h.Op("split_to_sequence", [h.Arg("x", ElementType.F32, "6x4"), h.Ints("s", 2, 2)]);
        h.InferExpecting(InferenceCodes.ShapeMismatch);

        h = new OpTestHelpers();
        h.Op("split_to_sequence", [h.Arg("x", ElementType.F32, "6x4")], Attrs(("axis", IntA(2))));
        h.InferExpecting(InferenceCodes.BadAttributeValue);

        h = new OpTestHelpers();
        h.Op("split_to_sequence", [h.Arg("x", ElementType.F32, "6x4"), h.ScalarConst("s", 0L)]);
        h.InferExpecting(InferenceCodes.BadInput);
    }

    [Fact]
    public void OptionalWrapsInputOrDeclaredType()
    {
        var h = new OpTestHelpers();
        var withInput = h.Op("optional", [h.Arg("x", ElementType.F32, "2x{b}")]);
        var fromSeq = h.Op("optional", [h.ArgOf("s", SeqOf("3"))]);
        var empty = h.Op("optional", [], Attrs(("type", new TypeAttr(RegionKit.Tensor(ElementType.I64, "?")))));
        var seqEmpty = h.Op("optional", [null], Attrs(("type", new TypeAttr(SeqOf("*")))));
        h.InferClean();
        Assert.Equal("opt<tensor<2x{b}xf32>>", withInput.TypeAt());
        Assert.Equal("opt<seq<tensor<3xf32>>>", fromSeq.TypeAt());
        Assert.Equal("opt<tensor<?xi64>>", empty.TypeAt());
        Assert.Equal("opt<seq<tensor<*xf32>>>", seqEmpty.TypeAt());
    }

    [Fact]
    public void OptionalErrors()
    {
        var h = new OpTestHelpers();
        h.Op("optional", []);
        h.InferExpecting(InferenceCodes.BadAttributeValue);

        h = new OpTestHelpers();
        h.Op("optional", [h.Arg("x", ElementType.F32, "2")], Attrs(("type", new TypeAttr(RegionKit.Tensor(ElementType.I64, "2")))));
        h.InferExpecting(InferenceCodes.TypeMismatch);
    }

    [Fact]
    public void OptionalHasAndGetElement()
    {
        var h = new OpTestHelpers();
        var opt = h.ArgOf("o", new OptionalType(RegionKit.Tensor(ElementType.F32, "2x3")));
        var optSeq = h.ArgOf("os", new OptionalType(SeqOf("4")));
        var has = h.Op("optional_has_element", [opt]);
        var hasNone = h.Op("optional_has_element", [null]);
        var get = h.Op("optional_get_element", [opt]);
        var getSeq = h.Op("optional_get_element", [optSeq]);
        var getTensor = h.Op("optional_get_element", [h.Arg("t", ElementType.I8, "5")]);
        h.InferClean();
        Assert.Equal("tensor<i1>", has.TypeAt());
        Assert.Equal("tensor<i1>", hasNone.TypeAt());
        Assert.Equal("tensor<2x3xf32>", get.TypeAt());
        Assert.Equal("seq<tensor<4xf32>>", getSeq.TypeAt());
        Assert.Equal("tensor<5xi8>", getTensor.TypeAt());
    }
}
