using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Shouldly;
using C = Qc.Ir.Kernel.KernelDiagnosticCodes;

namespace Qc.Ir.Kernel.Tests;

public sealed class VerifierTests
{
    private static (KernelModule M, KernelBuffer X, KernelBuffer Y, KernelBuilder B) Setup()
    {
        var m = new KernelModule();
        var x = m.AddInput("x", ElementType.F32, [16]);
        var y = m.AddOutput("y", ElementType.F32, [16]);
        return (m, x, y, new KernelBuilder(m.AddKernel("k", x, y)));
    }

    private static Diagnostic Single(KernelModule m, int code)
    {
        var d = m.Verify();
        var one = d.ShouldHaveSingleItem(string.Join("\n", d.Select(x => x.Code + " " + x.Message)));
        one.Code.Number.ShouldBe(code, one.Message);
        one.Message.ShouldStartWith("kernel 'k': ");
        return one;
    }

    [Fact]
    public void ValidSamples_HaveNoDiagnostics()
    {
        SampleKernels.Axpy(3).Verify().ShouldBeEmpty();
        OpSamples.Statements().Verify().ShouldBeEmpty();
    }

    [Fact]
    public void UseOutsideDefiningLoop_IsNotDominated()
    {
        var (m, x, y, b) = Setup();
        KernelValue inner = null!;
        b.For(0, 16, 1, i => inner = b.Load(x, i));
        b.Store(y, 0, inner);
        Single(m, C.NotDominated).Message.ShouldContain("kernel.store uses a value of type f32");
    }

    [Fact]
    public void UseBeforeDefinition_IsNotDominated()
    {
        var (m, x, y, b) = Setup();
        var v = b.Load(x, 0);
        b.Store(y, 0, v);
        var body = m.Kernels[0].Body.Statements;
        var load = body.OfType<KernelOp>().Single(o => o.Opcode == Opcode.Load);
        body.Remove(load);
        body.Add(load);
        Single(m, C.NotDominated);
    }

    [Fact]
    public void OperandTypesDisagree_IsTypeMismatch()
    {
        var (m, _, y, b) = Setup();
        var bad = b.Op(Opcode.Add, KernelType.F32, b.F32(1f), b.I32(1));
        b.Store(y, 0, bad);
        Single(m, C.TypeMismatch).Message.ShouldContain("kernel.add has an operand of i32 and result f32");
    }

    [Theory]
    [InlineData(Opcode.Exp)]
    [InlineData(Opcode.Shl)]
    [InlineData(Opcode.CmpLt)]
    [InlineData(Opcode.CastSat)]
    [InlineData(Opcode.MulWide)]
    public void OpOnWrongDomain_IsTypeMismatch(Opcode op)
    {
        var (m, _, _, b) = Setup();
        _ = op switch
        {
            Opcode.Exp => b.Op(op, KernelType.I32, b.I32(1)),
            Opcode.Shl => b.Op(op, KernelType.F32, b.F32(1f), b.F32(1f)),
            Opcode.CmpLt => b.Op(op, KernelType.I1, b.Bool(true), b.Bool(false)),
            Opcode.CastSat => b.Op(op, KernelType.F32, b.I32(1)),
            _ => b.Op(op, KernelType.I8, b.I32(1), b.I32(1)),
        };
        Single(m, C.TypeMismatch);
    }

    [Fact]
    public void NonI64Index_IsReported()
    {
        var (m, x, y, b) = Setup();
        b.Store(y, 0, b.Op(Opcode.Load, KernelType.F32, b.I32(0)));
        m.Kernels[0].Body.Statements.OfType<KernelOp>().Single(o => o.Opcode == Opcode.Load).Buffer = x;
        Single(m, C.IndexNotI64).Message.ShouldContain("kernel.load index is i32");
    }

    [Fact]
    public void NonI64LoopBound_IsReported()
    {
        var (m, x, y, b) = Setup();
        var loop = b.For(0, 16, 1, i => b.Store(y, i, b.Load(x, i)));
        loop.Hi = b.I32(16);
        Single(m, C.IndexNotI64).Message.ShouldContain("loop upper bound is i32");
    }

    [Fact]
    public void StoreToInputOrWeight_IsReadOnly()
    {
        var (m, x, _, b) = Setup();
        b.Store(x, 0, b.F32(1f));
        Single(m, C.ReadOnlyBuffer).Message.ShouldContain("writes input buffer 'x'");
    }

    [Fact]
    public void NestedParallelLoop_IsRejected()
    {
        var (m, x, y, b) = Setup();
        var outer = b.For(0, 4, 1, i => b.For(0, 4, 1, j => b.Store(y, b.Affine(0, (i, 4), (j, 1)), b.Load(x, j))));
        ((ForOp)outer.Body.Statements.OfType<ForOp>().Single()).Parallel = true;
        Single(m, C.BadParallel).Hint.ShouldBe("only the outermost loop may be parallel");
        Should.Throw<ArgumentException>(() => b.For(0, 4, 1, _ => b.For(0, 4, 1, _ => { }, parallel: true)));
    }

    [Fact]
    public void ParallelLoopWithIterArgs_IsRejected()
    {
        var (m, x, y, b) = Setup();
        var s = b.For(0, 16, 1, b.F32(0f), (i, acc) => b.Add(acc, b.Load(x, i)));
        b.Store(y, 0, s);
        m.Kernels[0].Body.Statements.OfType<ForOp>().Single().Parallel = true;
        Single(m, C.BadParallel);
    }

    [Fact]
    public void VectorLanes_MustAgree()
    {
        var (m, x, y, b) = Setup();
        b.Store(y, 0, b.Op(Opcode.VLoad, KernelType.F32, b.Index(0)));
        m.Kernels[0].Body.Statements.OfType<KernelOp>().Single(o => o.Opcode == Opcode.VLoad).Buffer = x;
        Single(m, C.LanesMismatch).Message.ShouldContain("kernel.vload gives f32; it loads a vector");
    }

    [Fact]
    public void StridedLoad_NeedsAStrideOfAtLeastTwo()
    {
        var (m, x, y, b) = Setup();
        var v = b.VLoad(x, 0, 4, 2);
        b.Store(y, 0, b.ReduceAdd(v));
        m.Kernels[0].Body.Statements.OfType<KernelOp>().Single(o => o.Opcode == Opcode.VLoadStrided).IntValue = 1;
        Single(m, C.BadStride).Message.ShouldContain("kernel.vload_strided has stride 1");
        var parsed = KernelParser.Parse(m.ToString().Replace("], 1 :", "], 2 :", StringComparison.Ordinal));
        parsed.Diagnostics.ShouldBeEmpty();
        parsed.Module!.Verify().ShouldBeEmpty("the text form carries the stride");
    }

    [Fact]
    public void SelectConditionLanes_MustAgree()
    {
        var (m, x, y, b) = Setup();
        var v8 = b.VLoad(x, 0, 8);
        var c4 = b.Broadcast(b.Bool(true), 4);
        b.Store(y, 0, b.Op(Opcode.Select, v8.Type, c4, v8, v8));
        Single(m, C.LanesMismatch);
    }

    [Fact]
    public void BufferNotAParameter_IsReported()
    {
        var (m, _, y, b) = Setup();
        var other = m.AddInput("other", ElementType.F32, [4]);
        b.Store(y, 0, b.Load(other, 0));
        Single(m, C.NotAParameter).Hint.ShouldBe("add @other to the kernel's parameters");
    }

    [Fact]
    public void LoadOfWrongElementType_IsReported()
    {
        var (m, x, y, b) = Setup();
        var v = b.Op(Opcode.Load, KernelType.I32, b.Index(0));
        m.Kernels[0].Body.Statements.OfType<KernelOp>().Single(o => o.Opcode == Opcode.Load).Buffer = x;
        b.Store(y, 0, b.Cast(v, ScalarKind.F32));
        Single(m, C.ElementTypeMismatch);
        Should.Throw<ArgumentException>(() => b.Store(y, 0, b.I32(1)));
    }

    [Fact]
    public void YieldMismatch_IsReported()
    {
        var (m, x, y, b) = Setup();
        var s = b.For(0, 16, 1, b.F32(0f), (i, acc) => b.Add(acc, b.Load(x, i)));
        b.Store(y, 0, s);
        m.Kernels[0].Body.Statements.OfType<ForOp>().Single().Body.Yield.Clear();
        Single(m, C.YieldMismatch).Message.ShouldContain("kernel.for yields 0 values, expected 1");
    }

    [Fact]
    public void IfBranchYieldingOtherType_IsReported()
    {
        var (m, _, y, b) = Setup();
        var r = b.If(b.Bool(true), () => b.F32(1f), () => b.F32(2f));
        b.Store(y, 0, r);
        var op = m.Kernels[0].Body.Statements.OfType<IfOp>().Single();
        op.Else.Yield[0] = b.I32(3);
        Single(m, C.YieldMismatch).Message.ShouldContain("the else branch of kernel.if yields i32 as value 0, expected f32");
    }

    [Fact]
    public void WrongArity_IsReported()
    {
        var (m, _, y, b) = Setup();
        b.Store(y, 0, b.Op(Opcode.Add, KernelType.F32, b.F32(1f)));
        Single(m, C.BadArity).Message.ShouldContain("kernel.add has 1 operands, expected 2");
    }

    [Fact]
    public void BadBuffers_AreReported()
    {
        var m = new KernelModule();
        m.AddInput("s", ElementType.String, [2]);
        m.AddInput("neg", ElementType.F32, [-1]);
        var w = m.AddWeight("w", TensorData.Create<float>([2], [1f, 2f]));
        w.Data = TensorData.Create<float>([3], [1f, 2f, 3f]);
        var t = m.AddTemp("t", ElementType.F32, [2]);
        t.Data = TensorData.Create<float>([2], [1f, 2f]);
        m.AddBuffer("w2", ElementType.F32, [2], BufferKind.Weight);
        var d = m.Verify();
        d.Select(x => x.Code.Number).ShouldAllBe(c => c == C.BadBuffer);
        d.Length.ShouldBe(5);
    }

    [Fact]
    public void DuplicateNames_AreReported()
    {
        var m = new KernelModule();
        var a = m.AddInput("a", ElementType.F32, [2]);
        m.AddOutput("a", ElementType.F32, [2]);
        m.AddKernel("k", a, a);
        m.AddKernel("k");
        m.Verify().Select(x => x.Code.Number).ShouldBe([C.DuplicateDeclaration, C.DuplicateDeclaration, C.DuplicateDeclaration]);
    }

    [Fact]
    public void ValueDefinedTwice_IsReported()
    {
        var (m, x, y, b) = Setup();
        var v = b.Load(x, 0);
        b.Store(y, 0, v);
        m.Kernels[0].Body.Statements.Add(v.DefiningOp!);
        Single(m, C.DefinedTwice);
    }

    [Fact]
    public void BadLoopAttributes_AreReported()
    {
        var (m, x, y, b) = Setup();
        var loop = b.For(0, 16, 1, i => b.Store(y, i, b.Load(x, i)));
        loop.Vectorize = 3;
        Single(m, C.BadLoopAttribute);
        loop.Vectorize = 0;
        loop.Unroll = -1;
        Single(m, C.BadLoopAttribute);
        loop.Unroll = 0;
        loop.Step = b.Index(0);
        Single(m, C.BadLoopAttribute).Message.ShouldContain("loop step is 0");
    }

    [Fact]
    public void ParsedModule_DiagnosticsPointIntoTheText()
    {
        var text = "kernel.module @m {\n  buffer @x : input buf<4xf32>\n  kernel @k(@x) {\n    %c0 = kernel.const 0 : i64\n    %one = kernel.const 1.0 : f32\n    kernel.store %one, @x[%c0] : f32\n  }\n}\n";
        var m = KernelParser.Parse(text, "ro.kir").Module!;
        var d = m.Verify().ShouldHaveSingleItem();
        DiagnosticFormatter.Format(d).ShouldStartWith(
            "ro.kir:6:5: error QC5223: kernel 'k': kernel.store writes input buffer 'x', which is read-only\n" +
            "  6 |     kernel.store %one, @x[%c0] : f32\n" +
            "    |     ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
    }

    [Fact]
    public void Analyses_ListBuffersReadAndWritten()
    {
        var m = OpSamples.Statements();
        var k = m.Kernels[0];
        k.BuffersRead().Select(b => b.Name).ShouldBe(["x/in", "n", "w"]);
        k.BuffersWritten().Select(b => b.Name).ShouldBe(["t", "y", "flags"]);
        ImmutableArray<KernelBuffer> none = SampleKernels.Axpy(2).Kernels[0].BuffersWritten();
        none.Select(b => b.Name).ShouldBe(["y"]);
    }
}
