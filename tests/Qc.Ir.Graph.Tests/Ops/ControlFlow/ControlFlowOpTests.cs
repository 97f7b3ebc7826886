using Qc.Core.Tensors;
using static Qc.Ir.Graph.Tests.Ops.OpTestHelpers;

namespace Qc.Ir.Graph.Tests.Ops.ControlFlow;

/// <summary>If, Loop, Scan and SequenceMap: region parameter typing, outer-scope capture and result types.</summary>
public sealed class ControlFlowOpTests
{
    private static readonly IrType F32x3 = RegionKit.Tensor(ElementType.F32, "3");

    [Fact]
    public void IfBranchesCapturingOuterValuesAndLoopWithScanOutput()
    {
        var h = new OpTestHelpers();
        var x = h.Arg("x", ElementType.F32, "2x3");
        var y = h.Arg("y", ElementType.F32, "2x5");
        var cond = h.Arg("cond", ElementType.Bool, "");

        // If: both branches read x and y from the enclosing graph; no region parameters.
        var thenBody = h.Body("then");
        var t0 = h.In(thenBody, "relu", [x]).Result;
        thenBody.SetOutputs([t0, x]);
        var elseBody = h.Body("else");
        var e0 = h.In(elseBody, "sigmoid", [y]).Result;
        var e1 = h.In(elseBody, "add", [x, x]).Result;
        elseBody.SetOutputs([e0, e1]);
        var ifOp = h.WithRegions("if", [cond], [("then_branch", thenBody), ("else_branch", elseBody)], results: 2);

        // Loop: M = 5, no cond, one carried value, one scan output; the body captures the outer value v.
        var v = h.Arg("v", ElementType.F32, "3");
        var m = h.ScalarConst("m", 5L);
        var body = h.Body("body", ("i", IrType.Unknown), ("c", IrType.Unknown), ("acc", IrType.Unknown));
        var accOut = h.In(body, "add", [body.Parameters[2], v]).Result;
        var scan = h.In(body, "mul", [v, v]).Result;
        var cOut = h.In(body, "identity", [body.Parameters[1]]).Result;
        body.SetOutputs([cOut, accOut, scan]);
        var loop = h.WithRegions("loop", [m, null, v], [("body", body)], results: 2);

        h.InferClean();
        Assert.Equal("tensor<2x?xf32>", ifOp.TypeAt(0));
        Assert.Equal("tensor<2x3xf32>", ifOp.TypeAt(1));
        Assert.Equal("tensor<2x3xf32>", t0.Type.ToString());
        Assert.Equal("tensor<i64>", body.Parameters[0].Type.ToString());
        Assert.Equal("tensor<i1>", body.Parameters[1].Type.ToString());
        Assert.Equal("tensor<3xf32>", body.Parameters[2].Type.ToString());
        Assert.Equal("tensor<3xf32>", accOut.Type.ToString());
        Assert.Equal("tensor<3xf32>", loop.TypeAt(0));
        Assert.Equal("tensor<5x3xf32>", loop.TypeAt(1));
    }

    [Theory]
    [InlineData("2x3", "2x3", "tensor<2x3xf32>")]
    [InlineData("{n}x3", "{n}x4", "tensor<{n}x?xf32>")]
    [InlineData("2x3", "2x3x1", "tensor<*xf32>")]
    [InlineData("2x3", "*", "tensor<*xf32>")]
    [InlineData("", "", "tensor<f32>")]
    public void IfMergesBranchTypes(string a, string b, string expected)
    {
        var h = new OpTestHelpers();
        var op = BuildIf(h, h.Arg("cond", ElementType.Bool, "1"), h.Arg("a", ElementType.F32, a), h.Arg("b", ElementType.F32, b));
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Theory]
    [InlineData(true, "tensor<2x3xf32>")]
    [InlineData(false, "tensor<4xf32>")]
    public void IfWithConstantConditionTakesOneBranch(bool value, string expected)
    {
        var h = new OpTestHelpers();
        var op = BuildIf(h, h.ScalarConst("c", value), h.Arg("a", ElementType.F32, "2x3"), h.Arg("b", ElementType.F32, "4"));
        h.InferClean();
        Assert.Equal(expected, op.TypeAt());
    }

    [Fact]
    public void IfRejectsMismatchedBranchesAndBadCondition()
    {
        var h = new OpTestHelpers();
        var bad = BuildIf(h, h.Arg("c", ElementType.Bool, ""), h.Arg("a", ElementType.F32, "2"), h.Arg("b", ElementType.I64, "2"));
        h.InferExpecting(InferenceCodes.TypeMismatch);
        Assert.Equal("?", bad.TypeAt());

        h = new OpTestHelpers();
        BuildIf(h, h.Arg("c", ElementType.F32, ""), h.Arg("a", ElementType.F32, "2"), h.Arg("b", ElementType.F32, "2"));
        h.InferExpecting(InferenceCodes.TypeMismatch);

        h = new OpTestHelpers();
        BuildIf(h, h.Arg("c", ElementType.Bool, "2"), h.Arg("a", ElementType.F32, "2"), h.Arg("b", ElementType.F32, "2"));
        h.InferExpecting(InferenceCodes.ShapeMismatch);
    }

    [Fact]
    public void IfReportsOutputCountMismatchAndMissingRegion()
    {
        var h = new OpTestHelpers();
        var a = h.Arg("a", ElementType.F32, "2");
        var thenBody = h.Body("then");
        thenBody.SetOutputs([a, a]);
        var elseBody = h.Body("else");
        elseBody.SetOutputs([a]);
        h.WithRegions("if", [h.Arg("c", ElementType.Bool, "")], [("then_branch", thenBody), ("else_branch", elseBody)]);
        h.InferExpecting(InferenceCodes.BadAttributeValue);

        h = new OpTestHelpers();
        h.WithRegions("if", [h.Arg("c", ElementType.Bool, "")], []);
        h.InferExpecting(InferenceCodes.BadAttributeValue);
    }

    [Fact]
    public void IfInfersNestedRegionsAndSequenceOutputs()
    {
        var h = new OpTestHelpers();
        var c = h.Arg("c", ElementType.Bool, "");
        var a = h.Arg("a", ElementType.F32, "2");
        var inner = BuildIfIn(h, h.Body("outer_then"), c, a, a);
        var thenBody = inner.Parent!;
        var seq = h.In(thenBody, "sequence_construct", [inner.Result]).Result;
        thenBody.SetOutputs([seq]);
        var elseBody = h.Body("outer_else");
        var seq2 = h.In(elseBody, "sequence_construct", [h.In(elseBody, "identity", [a]).Result, a]).Result;
        elseBody.SetOutputs([seq2]);
        var op = h.WithRegions("if", [c], [("then_branch", thenBody), ("else_branch", elseBody)]);
        h.InferClean();
        Assert.Equal("tensor<2xf32>", inner.TypeAt());
        Assert.Equal("seq<tensor<2xf32>>", op.TypeAt());
    }

    [Theory]
    [InlineData(true, false, "tensor<7x3xf32>")]
    [InlineData(true, true, "tensor<?x3xf32>")]
    [InlineData(false, true, "tensor<?x3xf32>")]
    public void LoopScanOutputLeadingDim(bool withM, bool withCond, string expected)
    {
        var h = new OpTestHelpers();
        var v = h.Arg("v", ElementType.F32, "3");
        var m = withM ? h.ScalarConst("m", 7L) : null;
        var cond = withCond ? h.Arg("cond", ElementType.Bool, "") : null;
        var body = h.Body("body", ("i", IrType.Unknown), ("c", IrType.Unknown));
        var scan = h.In(body, "neg", [v]).Result;
        body.SetOutputs([body.Parameters[1], scan]);
        var loop = h.WithRegions("loop", [m, cond], [("body", body)]);
        h.InferClean();
        Assert.Equal(expected, loop.TypeAt());
    }

    [Theory]
    [InlineData("3", "3", "tensor<3xf32>", "tensor<3xf32>")]
    [InlineData("{n}x3", "{n}x3", "tensor<{n}x3xf32>", "tensor<{n}x3xf32>")]
    [InlineData("1", "3", "tensor<?xf32>", "tensor<?xf32>")]
    [InlineData("3", "2x3", "tensor<*xf32>", "tensor<*xf32>")]
    [InlineData("*", "3", "tensor<*xf32>", "tensor<*xf32>")]
    public void LoopCarriedTypesHoldInEveryIteration(string initial, string addend, string parameter, string result)
    {
        var h = new OpTestHelpers();
        var acc = h.Arg("acc", ElementType.F32, initial);
        var x = h.Arg("x", ElementType.F32, addend);
        var body = h.Body("body", ("i", IrType.Unknown), ("c", IrType.Unknown), ("acc_in", IrType.Unknown));
        var next = h.In(body, "add", [body.Parameters[2], x]).Result;
        body.SetOutputs([body.Parameters[1], next]);
        var loop = h.WithRegions("loop", [h.Arg("m", ElementType.I64, ""), null, acc], [("body", body)]);
        h.InferClean();
        Assert.Equal(parameter, body.Parameters[2].Type.ToString());
        Assert.Equal(result, loop.TypeAt());
    }

    [Fact]
    public void LoopKeepsDeclaredParameterShapes()
    {
        var h = new OpTestHelpers();
        var v = h.Arg("v", ElementType.F32, "3");
        var body = h.Body("body", ("i", IrType.Unknown), ("c", IrType.Unknown), ("acc", F32x3));
        var accOut = h.In(body, "add", [body.Parameters[2], v]).Result;
        var iter = h.In(body, "identity", [body.Parameters[0]]).Result;
        body.SetOutputs([body.Parameters[1], accOut, iter]);
        var loop = h.WithRegions("loop", [h.Arg("m", ElementType.I64, ""), h.Arg("cond", ElementType.Bool, ""), v], [("body", body)], results: 2);
        h.InferClean();
        Assert.Equal("tensor<3xf32>", loop.TypeAt(0));
        Assert.Equal("tensor<?xi64>", loop.TypeAt(1));
    }

    [Fact]
    public void LoopCarriesSequences()
    {
        var h = new OpTestHelpers();
        var x = h.Arg("x", ElementType.F32, "2x2");
        var empty = h.Op("sequence_empty", []).Result;
        var body = h.Body("body", ("i", IrType.Unknown), ("c", IrType.Unknown), ("s", IrType.Unknown));
        var inserted = h.In(body, "sequence_insert", [body.Parameters[2], x]).Result;
        body.SetOutputs([body.Parameters[1], inserted]);
        var loop = h.WithRegions("loop", [h.ScalarConst("m", 3L), null, empty], [("body", body)]);
        h.InferClean();
        Assert.Equal("seq<tensor<2x2xf32>>", body.Parameters[2].Type.ToString());
        Assert.Equal("seq<tensor<2x2xf32>>", loop.TypeAt());
    }

    [Theory]
    [InlineData("empty", "{n}", "seq<tensor<{n}xf32>>", "seq<tensor<{n}xf32>>")]
    [InlineData("empty", "*", "seq<tensor<*xf32>>", "seq<tensor<*xf32>>")]
    [InlineData("construct", "{n}", "seq<tensor<?xf32>>", "seq<tensor<?xf32>>")]
    [InlineData("input", "{n}", "seq<tensor<*xf32>>", "seq<tensor<*xf32>>")]
    public void LoopCarriedSequenceStartingEmptyTakesWhatTheBodyInserts(string start, string inserted, string parameter, string result)
    {
        // SequenceMap's function body: Loop(len, true, SequenceEmpty()) whose body inserts one mapped element per iteration.
        var h = new OpTestHelpers();
        var x = h.Arg("x", ElementType.F32, inserted);
        var initial = start switch
        {
            "empty" => h.Op("sequence_empty", []).Result,
            "construct" => h.Op("sequence_construct", [h.Arg("first", ElementType.F32, "1")]).Result,
            _ => h.ArgOf("s", new SequenceType(RegionKit.Tensor(ElementType.F32, "*"))),
        };
        var body = h.Body("body", ("i", IrType.Unknown), ("c", IrType.Unknown), ("s", IrType.Unknown));
        var inserted_ = h.In(body, "sequence_insert", [body.Parameters[2], x]).Result;
        var cond = h.In(body, "identity", [body.Parameters[1]]).Result;
        body.SetOutputs([cond, inserted_]);
        var loop = h.WithRegions("loop", [h.Arg("m", ElementType.I64, ""), h.ScalarConst("c0", true), initial], [("body", body)]);
        h.InferClean();
        Assert.Equal(parameter, body.Parameters[2].Type.ToString());
        Assert.Equal(result, loop.TypeAt());
    }

    [Fact]
    public void LoopCarriedSequenceThatStaysEmptyKeepsItsType()
    {
        var h = new OpTestHelpers();
        var body = h.Body("body", ("i", IrType.Unknown), ("c", IrType.Unknown), ("s", IrType.Unknown));
        body.SetOutputs([body.Parameters[1], h.In(body, "identity", [body.Parameters[2]]).Result]);
        var loop = h.WithRegions("loop", [h.Arg("m", ElementType.I64, ""), null, h.Op("sequence_empty", []).Result], [("body", body)]);
        h.InferClean();
        Assert.Equal("seq<tensor<*xf32>>", loop.TypeAt());
    }

    [Fact]
    public void LoopCarriedOptionalMayBeYieldedAsItsValue()
    {
        // node/test_loop16_seq_none: the carried opt<seq<...>> is yielded as the plain sequence (Loop-16). Zero iterations
        // return the initial optional, so the result stays optional.
        var h = new OpTestHelpers();
        var x = h.Arg("x", ElementType.F32, "3");
        var initial = h.ArgOf("o", new OptionalType(new SequenceType(RegionKit.Tensor(ElementType.F32, "2"))));
        var body = h.Body("body", ("i", IrType.Unknown), ("c", IrType.Unknown), ("o_in", IrType.Unknown));
        var seq = h.In(body, "optional_get_element", [body.Parameters[2]]).Result;
        var next = h.In(body, "sequence_insert", [seq, x]).Result;
        body.SetOutputs([body.Parameters[1], next]);
        var loop = h.WithRegions("loop", [h.Arg("m", ElementType.I64, ""), h.Arg("c0", ElementType.Bool, ""), initial], [("body", body)]);

        // The reverse: a plain tensor that the body yields wrapped in an optional.
        var t = h.Arg("t", ElementType.F32, "3");
        var body2 = h.Body("body2", ("i", IrType.Unknown), ("c", IrType.Unknown), ("t_in", IrType.Unknown));
        var wrapped = h.In(body2, "optional", [x]).Result;
        body2.SetOutputs([body2.Parameters[1], wrapped]);
        var loop2 = h.WithRegions("loop", [h.Arg("m2", ElementType.I64, ""), null, t], [("body", body2)]);
        h.InferClean();
        Assert.Equal("opt<seq<tensor<?xf32>>>", body.Parameters[2].Type.ToString());
        Assert.Equal("opt<seq<tensor<?xf32>>>", loop.TypeAt());
        Assert.Equal("opt<tensor<3xf32>>", body2.Parameters[2].Type.ToString());
        Assert.Equal("opt<tensor<3xf32>>", loop2.TypeAt());
    }

    [Fact]
    public void LoopReportsMismatches()
    {
        var h = new OpTestHelpers();
        var v = h.Arg("v", ElementType.F32, "3");
        var body = h.Body("body", ("i", IrType.Unknown), ("c", IrType.Unknown), ("acc", IrType.Unknown));
        body.SetOutputs([body.Parameters[1], body.Parameters[0]]);
        var loop = h.WithRegions("loop", [null, h.Arg("cond", ElementType.Bool, ""), v], [("body", body)]);
        h.InferExpecting(InferenceCodes.TypeMismatch);
        Assert.Equal("?", loop.TypeAt());

        h = new OpTestHelpers();
        var short_ = h.Body("body", ("i", IrType.Unknown));
        h.WithRegions("loop", [null, null, h.Arg("v", ElementType.F32, "3")], [("body", short_)]);
        h.InferExpecting(InferenceCodes.BadAttributeValue);

        h = new OpTestHelpers();
        var b3 = h.Body("body", ("i", IrType.Unknown), ("c", IrType.Unknown));
        b3.SetOutputs([b3.Parameters[1]]);
        h.WithRegions("loop", [h.Arg("m", ElementType.F32, ""), null], [("body", b3)]);
        h.InferExpecting(InferenceCodes.TypeMismatch);
    }

    [Theory]
    [InlineData("5x2", null, null, "tensor<5x2xf32>")]
    [InlineData("2x7", -1L, null, "tensor<7x2xf32>")]
    [InlineData("2x7", 1L, 1L, "tensor<2x7xf32>")]
    [InlineData("2x7", 1L, -1L, "tensor<2x7xf32>")]
    [InlineData("2x{t}", 1L, 0L, "tensor<{t}x2xf32>")]
    public void ScanStacksOutputs(string xDims, long? inAxis, long? outAxis, string expected)
    {
        var h = new OpTestHelpers();
        var s = h.Arg("s", ElementType.F32, "2");
        var x = h.Arg("x", ElementType.F32, xDims);
        var body = h.Body("body", ("s_in", IrType.Unknown), ("x_in", IrType.Unknown));
        var sOut = h.In(body, "add", [body.Parameters[0], body.Parameters[1]]).Result;
        var yOut = h.In(body, "identity", [body.Parameters[1]]).Result;
        body.SetOutputs([sOut, yOut]);
        var attrs = Attrs(("num_scan_inputs", IntA(1)));
        attrs = inAxis is { } ia ? attrs.With("scan_input_axes", IntsA(ia)) : attrs;
        attrs = outAxis is { } oa ? attrs.With("scan_output_axes", IntsA(oa)) : attrs;
        var scan = h.WithRegions("scan", [s, x], [("body", body)], attrs, results: 2);
        h.InferClean();
        Assert.Equal("tensor<2xf32>", body.Parameters[1].Type.ToString());
        Assert.Equal("tensor<2xf32>", scan.TypeAt(0));
        Assert.Equal(expected, scan.TypeAt(1));
    }

    [Theory]
    [InlineData(3L, null, InferenceCodes.BadAttributeValue)]
    [InlineData(1L, 2L, InferenceCodes.BadAttributeValue)]
    public void ScanReportsBadAttributes(long scanInputs, long? inAxis, int code)
    {
        var h = new OpTestHelpers();
        var body = h.Body("body", ("s_in", IrType.Unknown), ("x_in", IrType.Unknown));
        body.SetOutputs([body.Parameters[0], body.Parameters[1]]);
        var attrs = Attrs(("num_scan_inputs", IntA(scanInputs)));
        attrs = inAxis is { } ia ? attrs.With("scan_input_axes", IntsA(ia)) : attrs;
        h.WithRegions("scan", [h.Arg("s", ElementType.F32, "2"), h.Arg("x", ElementType.F32, "5x2")], [("body", body)], attrs, results: 2);
        h.InferExpecting(code);
    }

    [Fact]
    public void ScanReportsStateShapeChange()
    {
        var h = new OpTestHelpers();
        var other = h.Arg("other", ElementType.F32, "3");
        var body = h.Body("body", ("s_in", IrType.Unknown), ("x_in", IrType.Unknown));
        body.SetOutputs([other]);
        var scan = h.WithRegions("scan", [h.Arg("s", ElementType.F32, "2"), h.Arg("x", ElementType.F32, "5x2")], [("body", body)],
            Attrs(("num_scan_inputs", IntA(1))));
        h.InferExpecting(InferenceCodes.ShapeMismatch);
        Assert.Equal("?", scan.TypeAt());
    }

    [Fact]
    public void RegionParametersFollowInputsWhenInferredAgain()
    {
        var h = new OpTestHelpers();
        var s = h.Arg("s", ElementType.F32, "2");
        var x = h.Arg("x", ElementType.F32, "5x2");
        var body = h.Body("body", ("s_in", RegionKit.Tensor(ElementType.F32, "?")), ("x_in", IrType.Unknown));
        var sOut = h.In(body, "add", [body.Parameters[0], body.Parameters[1]]).Result;
        body.SetOutputs([sOut, body.Parameters[1]]);
        var scan = h.WithRegions("scan", [s, x], [("body", body)], Attrs(("num_scan_inputs", IntA(1))), results: 2);
        h.InferClean();
        Assert.Equal("tensor<2xf32>", body.Parameters[0].Type.ToString());
        Assert.Equal("tensor<5x2xf32>", scan.TypeAt(1));

        s.Type = RegionKit.Tensor(ElementType.F32, "3");
        x.Type = RegionKit.Tensor(ElementType.F32, "4x3");
        h.InferClean();
        Assert.Equal("tensor<3xf32>", body.Parameters[0].Type.ToString());
        Assert.Equal("tensor<3xf32>", body.Parameters[1].Type.ToString());
        Assert.Equal("tensor<4x3xf32>", scan.TypeAt(1));
    }

    [Fact]
    public void DeclaredParameterTypeThatContradictsTheInputIsReported()
    {
        var h = new OpTestHelpers();
        var body = h.Body("body", ("s_in", IrType.Unknown), ("x_in", RegionKit.Tensor(ElementType.F32, "3")));
        body.SetOutputs([body.Parameters[0], body.Parameters[1]]);
        var scan = h.WithRegions("scan", [h.Arg("s", ElementType.F32, "2"), h.Arg("x", ElementType.F32, "5x2")], [("body", body)],
            Attrs(("num_scan_inputs", IntA(1))), results: 2);
        h.InferExpecting(InferenceCodes.TypeMismatch);
        Assert.Equal("tensor<3xf32>", body.Parameters[1].Type.ToString());
        Assert.Equal("?", scan.TypeAt(1));
    }

    [Fact]
    public void SequenceMapMapsElementsAndTensors()
    {
        var h = new OpTestHelpers();
        var seq = h.ArgOf("s", new SequenceType(RegionKit.Tensor(ElementType.F32, "{n}x4")));
        var bias = h.Arg("bias", ElementType.F32, "4");
        var body = h.Body("body", ("e", IrType.Unknown), ("b", IrType.Unknown));
        var sum = h.In(body, "add", [body.Parameters[0], body.Parameters[1]]).Result;
        var same = h.In(body, "identity", [body.Parameters[0]]).Result;
        body.SetOutputs([sum, same]);
        var map = h.WithRegions("sequence_map", [seq, bias], [("body", body)], results: 2);
        h.InferClean();
        Assert.Equal("seq<tensor<{n}x4xf32>>", map.TypeAt(0));
        Assert.Equal("seq<tensor<{n}x4xf32>>", map.TypeAt(1));
        Assert.Equal("tensor<{n}x4xf32>", body.Parameters[0].Type.ToString());
        Assert.Equal("tensor<4xf32>", body.Parameters[1].Type.ToString());
    }

    [Fact]
    public void SequenceMapResultsAreAsLongAsTheFirstInput()
    {
        var h = new OpTestHelpers();
        var x = h.Arg("x", ElementType.F32, "4");
        var seq = h.Op("sequence_construct", [x, x, x]);
        var body = h.Body("body", ("e", IrType.Unknown));
        body.SetOutputs([h.In(body, "shape", [body.Parameters[0]]).Result]);
        var map = h.WithRegions("sequence_map", [seq.Result], [("body", body)]);
        var stacked = h.Op("concat_from_sequence", [map.Result], Attrs(("axis", IntA(0)), ("new_axis", IntA(1))));
        h.InferClean();
        Assert.Equal("seq<tensor<1xi64>>", map.TypeAt());
        Assert.Equal("tensor<3x1xi64>", stacked.TypeAt());
    }

    [Fact]
    public void SequenceMapRejectsTensorFirstInput()
    {
        var h = new OpTestHelpers();
        var body = h.Body("body", ("e", IrType.Unknown));
        body.SetOutputs([body.Parameters[0]]);
        h.WithRegions("sequence_map", [h.Arg("x", ElementType.F32, "2")], [("body", body)]);
        h.InferExpecting(InferenceCodes.TypeMismatch);
    }

    private static Op BuildIf(OpTestHelpers h, Value cond, Value a, Value b)
    {
        var thenBody = h.Body("then");
        thenBody.SetOutputs([h.In(thenBody, "identity", [a]).Result]);
        var elseBody = h.Body("else");
        elseBody.SetOutputs([h.In(elseBody, "identity", [b]).Result]);
        return h.WithRegions("if", [cond], [("then_branch", thenBody), ("else_branch", elseBody)]);
    }

    private static Op BuildIfIn(OpTestHelpers h, Graph parent, Value cond, Value a, Value b)
    {
        var thenBody = h.Body("inner_then");
        thenBody.SetOutputs([h.In(thenBody, "relu", [a]).Result]);
        var elseBody = h.Body("inner_else");
        elseBody.SetOutputs([b]);
        return h.Module.AddOp(parent, OpRegistry.Default.TryGetByMnemonic("if", out var s) ? s : throw new InvalidOperationException(),
            [cond], regions: [new Region("then_branch", thenBody), new Region("else_branch", elseBody)]);
    }
}
