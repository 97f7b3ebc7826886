using System.Text;
using Qc.Codegen.Llvm;
using Qc.Package;
using Qc.Testing;
using Shouldly;

namespace Qc.Runtime.Tests;

/// <summary>The CUDA executor on the test model's PTX (<c>Data/test_model_sm80.ptx</c>, regenerated from LLVM by
/// <see cref="Ptx_MatchesWhatLlvmEmits"/>). The GPU tests run where <c>libcuda.so.1</c> and a device exist.</summary>
public sealed class CudaRuntimeTests
{
    public const string Cuda = "nvptx64-nvidia-cuda:sm_80";
    public const string CudaCode = "code/nvptx64-nvidia-cuda/sm_80.ptx";
    private const int Block = 128;

    private static string PtxPath => Path.Combine(AppContext.BaseDirectory, "Data", "test_model_sm80.ptx");

    /// <summary>The two kernels of the test model for a GPU: one thread per element, <c>i = ctaid.x·ntid.x + tid.x</c>.</summary>
    public static string BuildPtx()
    {
        using var m = new LlvmModuleBuilder("qc_test", TestKernels.Target(Cuda));
        AddGpuKernel(m, "qc_add", (b, x, y) => b.FAdd(x, y));
        AddGpuKernel(m, "qc_mul_relu", (b, x, y) =>
        {
            var v = b.FMul(x, y);
            return b.Select(b.FCmp(RealPredicate.Ogt, v, b.ConstF32(0f)), v, b.ConstF32(0f));
        });
        return Encoding.UTF8.GetString(m.Compile());
    }

    private static void AddGpuKernel(LlvmModuleBuilder m, string name, Func<LlvmModuleBuilder, LlvmValue, LlvmValue, LlvmValue> op)
    {
        var ptr = m.Ptr();
        var fn = m.AddFunction(name, m.FunctionType(m.Void, ptr, ptr, ptr));
        m.MarkKernel(fn);
        var entry = m.AppendBlock(fn, "entry");
        var body = m.AppendBlock(fn, "body");
        var exit = m.AppendBlock(fn, "exit");
        m.PositionAtEnd(entry);
        var sreg = m.FunctionType(m.I32);
        var tid = m.Call(m.DeclareFunction("llvm.nvvm.read.ptx.sreg.tid.x", sreg));
        var ntid = m.Call(m.DeclareFunction("llvm.nvvm.read.ptx.sreg.ntid.x", sreg));
        var ctaid = m.Call(m.DeclareFunction("llvm.nvvm.read.ptx.sreg.ctaid.x", sreg));
        var i = m.Add(m.Mul(ctaid, ntid), tid, "i");
        m.CondBr(m.ICmp(IntPredicate.Slt, i, m.ConstI32(TestModel.N)), body, exit);
        m.PositionAtEnd(body);
        var i64 = m.SExt(i, m.I64);
        var a = m.Load(m.F32, m.Gep(m.F32, m.Param(fn, 0), i64), 4);
        var b = m.Load(m.F32, m.Gep(m.F32, m.Param(fn, 1), i64), 4);
        m.Store(op(m, a, b), m.Gep(m.F32, m.Param(fn, 2), i64), 4);
        m.Br(exit);
        m.PositionAtEnd(exit);
        m.RetVoid();
    }

    /// <summary>The test model's manifest with a CUDA target (and the x86 one).</summary>
    public static PackageManifest Manifest(string addSymbol = "qc_add")
    {
        int[] grid = [(TestModel.N + Block - 1) / Block, 1, 1];
        var gpu = new ManifestTarget(Cuda, TargetKind.Cuda, CudaCode,
        [
            new ManifestKernel("add", addSymbol, [0, 1, 2], grid, [Block, 1, 1], 0),
            new ManifestKernel("mul_relu", "qc_mul_relu", [2, 3, 4], grid, [Block, 1, 1], 0),
        ]);
        return TestModel.Manifest(extraTargets: [gpu]);
    }

    private static string Write(string dir, PackageManifest manifest) =>
        TestModel.Write(dir, manifest, code: [0x7F], extra: [(CudaCode, File.ReadAllBytes(PtxPath))]);

    [NativeFact]
    public void Ptx_MatchesWhatLlvmEmits()
    {
        var ptx = BuildPtx();
        ptx.ShouldContain(".visible .entry qc_add(");
        ptx.ShouldContain(".visible .entry qc_mul_relu(");
        var source = Path.Combine(TestEnvironment.RepoRoot, "tests", "Qc.Runtime.Tests", "Data", "test_model_sm80.ptx");
        if (Environment.GetEnvironmentVariable("QC_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, ptx);
        }

        File.ReadAllText(source).ShouldBe(ptx, "regenerate with QC_UPDATE_GOLDEN=1");
    }

    [CudaFact]
    public void Gpu_RunsTheModel_AndMatchesCSharp()
    {
        using var dir = new TempDir();
        using var model = QcModel.Load(Write(dir.Path, Manifest()), new QcOptions { Target = Cuda, Profile = true });
        model.Target.Kind.ShouldBe(TargetKind.Cuda);
        for (var seed = 1; seed <= 3; seed++)
        {
            var x = TestModel.X(seed);
            var y = model.Run(new Dictionary<string, QcTensor> { ["x"] = QcTensor.From<float>(x, 1, TestModel.N) })["y"].ToArray<float>();
            y.ShouldBe(TestModel.Reference(x));
        }

        model.Profile.Kernels.Select(k => k.Calls).ShouldBe([3L, 3L]);
    }

    [CudaFact]
    public void Gpu_MissingEntry_IsAMissingSymbol()
    {
        using var dir = new TempDir();
        var e = Should.Throw<QcRuntimeException>(() => QcModel.Load(Write(dir.Path, Manifest(addSymbol: "qc_nope")), new QcOptions { Target = Cuda }));
        e.Code.ShouldBe(QcRuntimeErrorCode.MissingSymbol);
        e.Message.ShouldContain("entry 'qc_nope' is not in the PTX");
    }

    [CudaFact]
    public void Gpu_BadPtx_IsACudaError()
    {
        using var dir = new TempDir();
        var path = TestModel.Write(dir.Path, Manifest(), code: [0x7F], extra: [(CudaCode, "this is not PTX"u8.ToArray())]);
        var e = Should.Throw<QcRuntimeException>(() => QcModel.Load(path, new QcOptions { Target = Cuda }));
        e.Code.ShouldBe(QcRuntimeErrorCode.CudaError);
        e.Message.ShouldContain("cuModuleLoadData failed");
    }

    [Fact]
    public void WithoutAGpu_CudaTargetsAreUnavailable_WithTheReason()
    {
        if (QcModel.IsCudaAvailable(out var reason))
        {
            return; // covered by the GPU tests
        }

        reason.ShouldNotBeNullOrEmpty();
        using var dir = new TempDir();
        var path = TestModel.Write(dir.Path, Manifest(), code: [0x7F], extra: [(CudaCode, "// ptx\n"u8.ToArray())]);
        var e = Should.Throw<QcRuntimeException>(() => QcModel.Load(path, new QcOptions { Target = Cuda }));
        e.Code.ShouldBe(QcRuntimeErrorCode.CudaUnavailable);
    }
}
