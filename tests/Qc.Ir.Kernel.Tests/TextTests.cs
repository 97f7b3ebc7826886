using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Shouldly;

namespace Qc.Ir.Kernel.Tests;

public sealed class TextTests
{
    public static TheoryData<Opcode> Opcodes() => [.. Enum.GetValues<Opcode>()];

    private static string RoundTrip(KernelModule m)
    {
        var text = m.Print(new KernelPrintOptions(PrintWeights: true));
        var parsed = KernelParser.Parse(text, "rt.kir");
        parsed.Diagnostics.ShouldBeEmpty(DiagnosticFormatter.Format(parsed.Diagnostics));
        parsed.Module!.Verify().ShouldBeEmpty();
        parsed.Module.Print(new KernelPrintOptions(PrintWeights: true)).ShouldBe(text);
        return text;
    }

    [Theory]
    [MemberData(nameof(Opcodes))]
    public void EveryOpcode_VerifiesAndRoundTrips(Opcode opcode)
    {
        var m = OpSamples.Build(opcode);
        m.Verify().ShouldBeEmpty(DiagnosticFormatter.Format(m.Verify()));
        var text = RoundTrip(m);
        text.ShouldContain(" = kernel." + OpcodeInfo.Of(opcode).Mnemonic + " ");
        KernelParser.Parse(text).Module!.Kernels[0].Walk().OfType<KernelOp>().ShouldContain(o => o.Opcode == opcode);
    }

    [Fact]
    public void EveryStatementForm_RoundTrips()
    {
        var text = RoundTrip(OpSamples.Statements());
        foreach (var s in new[] { "parallel", "unroll(2) vectorize(8)", "iter_args(", "kernel.if", "} else {", "kernel.yield", "kernel.store", "@\"x/in\"", "buf<i1>", "buf<i64>", "buf<bf16>", "weight buf<3xf16> = dense<[0.5, -2.0, 65504.0]>" })
        {
            text.ShouldContain(s.Replace("buf<i1>", "buf<4xi1>").Replace("buf<i64>", "input buf<i64>").Replace("buf<bf16>", "temp buf<16xbf16>"));
        }
    }

    [Fact]
    public void SampleKernels_RoundTrip()
    {
        RoundTrip(SampleKernels.Axpy(10));
        RoundTrip(SampleKernels.Dot(7));
        RoundTrip(SampleKernels.Relu(37));
        RoundTrip(GoldenTests.ConvModule());
    }

    [Fact]
    public void Printing_IsDeterministic_AndNamesAreUnique()
    {
        var a = OpSamples.Statements().Print();
        var b = OpSamples.Statements().Print();
        a.ShouldBe(b);
        var m = new KernelModule();
        var y = m.AddOutput("y", ElementType.F32, [1]);
        var kb = new KernelBuilder(m.AddKernel("k", y));
        var v1 = kb.Add(kb.F32(1f), kb.F32(2f));
        var v2 = kb.Add(v1, v1);
        var v3 = kb.Add(v2, v2);
        v1.NameHint = "x";
        v2.NameHint = "x";
        v3.NameHint = "x_1";
        kb.Store(y, 0, v3);
        var text = RoundTrip(m);
        text.ShouldContain("%x = kernel.add");
        text.ShouldContain("%x_1 = kernel.add %x, %x");
        text.ShouldContain("%x_1_1 = kernel.add %x_1, %x_1");
    }

    [Fact]
    public void LargeWeights_AreElidedUnlessAsked_AndThenFailVerification()
    {
        var m = new KernelModule();
        var w = m.AddWeight("w", TensorData.Create<float>([17], new float[17]));
        var y = m.AddOutput("y", ElementType.F32, [1]);
        var b = new KernelBuilder(m.AddKernel("k", w, y));
        b.Store(y, 0, b.Load(w, 16));
        var text = m.Print();
        text.ShouldContain("buffer @w : weight buf<17xf32>\n");
        var parsed = KernelParser.Parse(text).Module!;
        parsed.FindBuffer("w")!.Data.ShouldBeNull();
        parsed.Verify().ShouldHaveSingleItem().Code.Number.ShouldBe(KernelDiagnosticCodes.BadBuffer);
        m.Print(new KernelPrintOptions(PrintWeights: true)).ShouldContain("= dense<[0.0, 0.0");
    }

    [Fact]
    public void SpecialFloats_AndIntegerLimits_RoundTrip()
    {
        var m = new KernelModule();
        var y = m.AddOutput("y", ElementType.F32, [1]);
        var b = new KernelBuilder(m.AddKernel("k", y));
        var values = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, float.Epsilon, float.MaxValue, 0.1f };
        var acc = b.F32(0f);
        foreach (var v in values)
        {
            acc = b.Add(acc, b.F32(v));
        }

        acc = b.Add(acc, b.Cast(b.Add(b.Const(KernelType.I64, long.MinValue), b.Const(KernelType.I64, long.MaxValue)), ScalarKind.F32));
        acc = b.Add(acc, b.Cast(b.Const(KernelType.U32, uint.MaxValue), ScalarKind.F32));
        acc = b.Add(acc, b.Cast(b.Const(KernelType.F16, 0.1), ScalarKind.F32));
        acc = b.Add(acc, b.Cast(b.Const(KernelType.BF16, 0.1), ScalarKind.F32));
        acc = b.Add(acc, b.Cast(b.Const(KernelType.F64, 0.1), ScalarKind.F32));
        b.Store(y, 0, acc);
        var text = RoundTrip(m);
        foreach (var s in new[] { "nan : f32", "inf : f32", "-inf : f32", "-0.0 : f32", "1E-45 : f32", "3.4028235E+38 : f32", "0.1 : f32",
            "-9223372036854775808 : i64", "4294967295 : u32", "0.099975586 : f16", "0.100097656 : bf16", "0.1 : f64" })
        {
            text.ShouldContain("kernel.const " + s);
        }
    }

    private static Diagnostic ParseError(string text)
    {
        var r = KernelParser.Parse(text, "bad.kir");
        r.Module.ShouldBeNull();
        return r.Diagnostics.ShouldHaveSingleItem();
    }

    private static string Wrap(string body, string buffers = "  buffer @x : input buf<4xf32>\n  buffer @y : output buf<4xf32>\n") =>
        "kernel.module @m {\n" + buffers + "  kernel @k(@x, @y) {\n" + body + "  }\n}\n";

    [Theory]
    [InlineData("    %c0 = kernel.const 0 : i64\n    %a = kernel.load @x[%c0] f32\n", KernelDiagnosticCodes.Syntax, 6, 30)]
    [InlineData("    %c0 = kernel.const 0 : i64\n    %a = kernel.frobnicate %c0 : f32\n", KernelDiagnosticCodes.UnknownOp, 6, 10)]
    [InlineData("    %a = kernel.load @x[%c0] : f32\n", KernelDiagnosticCodes.UndefinedValue, 5, 25)]
    [InlineData("    %c0 = kernel.const 0 : i64\n    %c0 = kernel.const 1 : i64\n", KernelDiagnosticCodes.DuplicateValue, 6, 5)]
    [InlineData("    %c0 = kernel.const 0 : i64\n    %a = kernel.load @z[%c0] : f32\n", KernelDiagnosticCodes.UnknownBuffer, 6, 22)]
    [InlineData("    %c0 = kernel.const 0 : i65\n", KernelDiagnosticCodes.BadType, 5, 28)]
    [InlineData("    %c0 = kernel.const 300 : i8\n", KernelDiagnosticCodes.BadLiteral, 5, 24)]
    [InlineData("    %c0 = kernel.const 1.5x : f32\n", KernelDiagnosticCodes.BadLiteral, 5, 24)]
    [InlineData("    %v = kernel.const 0.0 : vector<3xf32>\n", KernelDiagnosticCodes.BadType, 5, 29)]
    public void ParseErrors_HaveCodesAndPositions(string body, int code, int line, int column)
    {
        var d = ParseError(Wrap(body));
        d.Code.Number.ShouldBe(code);
        var at = (SourceLocation)d.Location;
        at.Source.GetLineColumn(at.Span.Start).ShouldBe((line, column), d.Message);
    }

    [Fact]
    public void ParseErrors_DeclarationsAndNesting()
    {
        ParseError(Wrap(string.Empty, "  buffer @x : input buf<4xf32>\n  buffer @x : output buf<4xf32>\n  buffer @y : output buf<4xf32>\n"))
            .Code.Number.ShouldBe(KernelDiagnosticCodes.DuplicateName);
        ParseError(Wrap(string.Empty, "  buffer @x : input buf<4xc64>\n  buffer @y : output buf<4xf32>\n")).Code.Number.ShouldBe(KernelDiagnosticCodes.BadType);
        ParseError(Wrap(string.Empty, "  buffer @x : weight buf<4xf32> = dense<[1.0]>\n  buffer @y : output buf<4xf32>\n")).Code.Number.ShouldBe(KernelDiagnosticCodes.BadLiteral);
        var deep = "    %c0 = kernel.const 0 : i64\n" + string.Concat(Enumerable.Repeat("kernel.for %i = %c0 to %c0 step %c0 {\n", 70));
        var names = 0;
        deep = System.Text.RegularExpressions.Regex.Replace(deep, "%i ", _ => $"%i{names++} ");
        ParseError(Wrap(deep)).Code.Number.ShouldBe(KernelDiagnosticCodes.TooDeep);
    }

    [Fact]
    public void ParseError_RendersWithCaret()
    {
        var d = ParseError(Wrap("    %a = kernel.load @x[%nope] : f32\n"));
        DiagnosticFormatter.Format(d).ShouldBe(
            "bad.kir:5:25: error QC5203: value '%nope' is not defined here\n" +
            "  5 |     %a = kernel.load @x[%nope] : f32\n" +
            "    |                         ^~~~~\n" +
            "  hint: a value is visible after its definition, in its block and the blocks nested in it\n");
    }

    [Fact]
    public void Parser_NeverThrows_OnMutatedText()
    {
        var seeds = new[]
        {
            OpSamples.Statements().Print(new KernelPrintOptions(PrintWeights: true)),
            GoldenTests.ConvModule().Print(),
            SampleKernels.Dot(5).Print(),
        };
        var random = new Random(12345);
        const string alphabet = "%@{}()[]<>=,:.-x0123456789 \n\"\\kernel.forifyieldvector";
        var parsed = 0;
        for (var iteration = 0; iteration < 1500; iteration++)
        {
            var text = seeds[iteration % seeds.Length].ToCharArray().ToList();
            var edits = 1 + random.Next(4);
            for (var e = 0; e < edits && text.Count > 0; e++)
            {
                var at = random.Next(text.Count);
                switch (random.Next(4))
                {
                    case 0: text.RemoveAt(at); break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    case 2: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    default: text.RemoveRange(at, Math.Min(text.Count - at, random.Next(1, 30))); break;
                }
            }

            var r = KernelParser.Parse(new string([.. text]));
            if (r.Module is { } m)
            {
                parsed++;
                _ = m.Verify();
                _ = m.Print();
            }
            else
            {
                r.Diagnostics.ShouldHaveSingleItem().Code.Number.ShouldBeInRange(5201, 5209);
            }
        }

        parsed.ShouldBeGreaterThan(0);
    }
}
