using System.Globalization;
using System.Text;
using Qc.Codegen.Llvm.Kernels;
using Qc.Core.Tensors;
using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>aarch64 shared objects run under qemu-aarch64 by a generated C harness (parallel_for in 3 sequential chunks),
/// compared with the x86-64 results bit for bit; golden LLVM IR and PTX; determinism.</summary>
public sealed class CrossTargetTests
{
    public static TheoryData<string> Modules => ["control", "gelu", "op_exp", "op_log", "op_tanh", "op_erf", "op_pow", "op_cast", "op_rem", "op_reduce_add", "op_fma", "op_min"];

    private static KernelModule Named(string name) => name switch
    {
        "control" => SampleModules.Control(),
        "gelu" => SampleModules.Gelu(),
        _ => OpcodeModules.Build(Enum.GetValues<Opcode>().Single(o => "op_" + OpcodeInfo.Of(o).Mnemonic == name)),
    };

    [NativeTheory(Tool.Llvm | Tool.Lld | Tool.Qemu | Tool.CrossGcc | Tool.HostX86V3)]
    [MemberData(nameof(Modules))]
    public void Aarch64_MatchesX86BitForBit(string name)
    {
        var module = Named(name);
        var inputs = KernelTestData.Inputs(module, 11, nonZero: true, moderate: name == "op_rem");
        using var x86 = new NativeModule(module);
        var expected = x86.Run(inputs);
        var code = KernelCompiler.Compile(module, KernelTestData.Target("aarch64-linux-gnu:neoverse-n1"));
        Assert.True(code.Succeeded, string.Join("\n", code.Diagnostics));
        Assert.Equal(183, BitConverter.ToUInt16(code.SharedObject!, 18));
        var actual = RunUnderQemu(module, code, inputs);
        KernelTestData.AssertEqual(expected, actual, _ => 0, $"{name} aarch64 vs x86-64");
    }

    private static Dictionary<string, TensorData> RunUnderQemu(KernelModule module, CompiledCode code, IReadOnlyDictionary<string, TensorData> inputs)
    {
        var dir = Directory.CreateTempSubdirectory("qc-qemu-");
        try
        {
            var sizes = module.Buffers.Select(b => b.ElementCount * Math.Max(1, b.ElementType.BitWidth() / 8)).ToArray();
            using (var input = File.Create(Path.Combine(dir.FullName, "in.bin")))
            {
                foreach (var b in module.Buffers)
                {
                    var data = b.Kind switch
                    {
                        BufferKind.Input => inputs[b.Name].Data.ToArray(),
                        BufferKind.Weight => b.Data!.Data.ToArray(),
                        _ => new byte[sizes[b.Id]],
                    };
                    input.Write(data);
                }
            }

            File.WriteAllBytes(Path.Combine(dir.FullName, "libqc_kernels.so"), code.SharedObject!);
            File.WriteAllText(Path.Combine(dir.FullName, "main.c"), Harness(code, sizes));
            var exe = Path.Combine(dir.FullName, "main");
            Run(dir.FullName, NativeTools.CrossGcc, "-O1", "-o", exe, "main.c", "libqc_kernels.so", "-Wl,-rpath,$ORIGIN");
            Run(dir.FullName, NativeTools.Qemu, "-L", "/usr/aarch64-linux-gnu", exe, "in.bin", "out.bin");
            var all = File.ReadAllBytes(Path.Combine(dir.FullName, "out.bin"));
            var result = new Dictionary<string, TensorData>();
            long offset = 0;
            foreach (var b in module.Buffers)
            {
                if (b.Kind == BufferKind.Output)
                {
                    result[b.Name] = TensorData.FromBytes(b.ElementType, b.Shape.AsSpan(), all.AsMemory((int)offset, (int)sizes[b.Id]));
                }

                offset += sizes[b.Id];
            }

            return result;
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static string Harness(CompiledCode code, long[] sizes)
    {
        var c = new StringBuilder("""
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            typedef struct qc_rt { uint32_t abi_version, num_threads; void* pool;
                void (*parallel_for)(void*, int64_t, void (*)(void*, int64_t, int64_t), void*); } qc_rt;
            static void pf(void* pool, int64_t count, void (*body)(void*, int64_t, int64_t), void* ctx) {
                int64_t n = count < 3 ? count : 3;
                for (int64_t i = 0; i < n; i++) body(ctx, i * count / n, (i + 1) * count / n);
            }
            uint32_t qc_abi_version(void);

            """);
        foreach (var k in code.Kernels)
        {
            c.Append(CultureInfo.InvariantCulture, $"void {k.Symbol}(void* const*, const qc_rt*);\n");
        }

        c.Append(CultureInfo.InvariantCulture, $"static const long sizes[{sizes.Length}] = {{{string.Join(", ", sizes)}}};\n");
        c.Append(CultureInfo.InvariantCulture, $$"""
            int main(int argc, char** argv) {
                if (qc_abi_version() != 1) return 3;
                void* buf[{{sizes.Length}}];
                FILE* in = fopen(argv[1], "rb");
                for (int i = 0; i < {{sizes.Length}}; i++) {
                    buf[i] = aligned_alloc(64, (sizes[i] + 64) / 64 * 64);
                    if (fread(buf[i], 1, sizes[i], in) != (size_t)sizes[i]) return 4;
                }
                fclose(in);
                qc_rt rt = { 1, 3, 0, pf };

            """);
        foreach (var k in code.Kernels)
        {
            c.Append(CultureInfo.InvariantCulture, $"    {{ void* a[] = {{ {string.Join(", ", k.Args.Select(i => $"buf[{i}]"))} }}; {k.Symbol}(a, &rt); }}\n");
        }

        c.Append(CultureInfo.InvariantCulture, $$"""
                FILE* out = fopen(argv[2], "wb");
                for (int i = 0; i < {{sizes.Length}}; i++) fwrite(buf[i], 1, sizes[i], out);
                fclose(out);
                return 0;
            }

            """);
        return c.ToString();
    }

    private static void Run(string workingDirectory, string program, params string[] args) => Aarch64CrossTests.Run(workingDirectory, program, args);

    [NativeFact(Tool.Llvm)]
    public void GoldenIrAndPtx()
    {
        foreach (var (name, module) in (ReadOnlySpan<(string, KernelModule)>)[("axpy", SampleModules.Axpy(1000)), ("dot", SampleModules.Dot(256))])
        {
            var cpu = KernelCompiler.Compile(module, KernelTestData.Target("x86_64-linux-gnu:x86-64-v3"));
            Golden.Match($"llvm/{name}.x86_64.ll", cpu.LlvmIr);
            var gpu = KernelCompiler.Compile(module, KernelTestData.Target("nvptx64-nvidia-cuda:sm_80"));
            Assert.True(gpu.Succeeded, string.Join("\n", gpu.Diagnostics));
            Golden.Match($"llvm/{name}.sm_80.ptx", gpu.Ptx!);
        }
    }

    [NativeFact(Tool.Llvm)]
    public void Ptx_ParallelLoopIsTheGrid_OtherKernelsRunOnOneThread()
    {
        var axpy = KernelCompiler.Compile(SampleModules.Axpy(1000), KernelTestData.Target("nvptx64-nvidia-cuda:sm_80"));
        var launch = axpy.Kernels[0].Launch!;
        Assert.Equal([4, 1, 1], launch.Grid.ToArray());
        Assert.Equal([256, 1, 1], launch.Block.ToArray());
        Assert.Contains(".visible .entry qc_k0_axpy(", axpy.Ptx, StringComparison.Ordinal);
        Assert.Contains("mov.u32 \t%r", axpy.Ptx, StringComparison.Ordinal);
        Assert.Contains("%ctaid.x", axpy.Ptx, StringComparison.Ordinal);
        Assert.Contains(".version 7.0", axpy.Ptx, StringComparison.Ordinal);
        var dot = KernelCompiler.Compile(SampleModules.Dot(), KernelTestData.Target("nvptx64-nvidia-cuda:sm_80"));
        Assert.Equal([1, 1, 1], dot.Kernels[0].Launch!.Grid.ToArray());
        Assert.Equal([1, 1, 1], dot.Kernels[0].Launch!.Block.ToArray());
        foreach (var op in Enum.GetValues<Opcode>())
        {
            var code = KernelCompiler.Compile(OpcodeModules.Build(op), KernelTestData.Target("nvptx64-nvidia-cuda:sm_80"));
            Assert.True(code.Succeeded, $"{op}: " + string.Join("\n", code.Diagnostics));
            Assert.DoesNotContain(".extern", code.Ptx, StringComparison.Ordinal);
        }
    }

    [PtxasFact]
    public void Ptx_IsAcceptedByPtxas()
    {
        var dir = Directory.CreateTempSubdirectory("qc-ptxas-");
        try
        {
            foreach (var (name, module) in (ReadOnlySpan<(string, KernelModule)>)[("axpy", SampleModules.Axpy()), ("control", SampleModules.Control()),
                ("gelu", SampleModules.Gelu()), ("cast", OpcodeModules.Build(Opcode.Cast)), ("pow", OpcodeModules.Build(Opcode.Pow))])
            {
                var code = KernelCompiler.Compile(module, KernelTestData.Target("nvptx64-nvidia-cuda:sm_80"));
                var path = Path.Combine(dir.FullName, name + ".ptx");
                File.WriteAllText(path, code.Ptx);
                Run(dir.FullName, PtxasFactAttribute.Ptxas!, "-arch=sm_80", path, "-o", Path.Combine(dir.FullName, name + ".cubin"));
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [NativeFact(Tool.Llvm | Tool.Lld)]
    public void CompilingTwice_GivesIdenticalBytes()
    {
        foreach (var target in (string[])["x86_64-linux-gnu:znver4", "aarch64-linux-gnu:neoverse-n1", "nvptx64-nvidia-cuda:sm_80"])
        {
            var first = KernelCompiler.Compile(SampleModules.Control(), KernelTestData.Target(target));
            var second = KernelCompiler.Compile(SampleModules.Control(), KernelTestData.Target(target));
            Assert.True(first.Succeeded, string.Join("\n", first.Diagnostics));
            Assert.Equal(first.CodeBytes, second.CodeBytes);
            Assert.Equal(first.LlvmIr, second.LlvmIr);
            Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), Encoding.Latin1.GetString(first.CodeBytes), StringComparison.Ordinal);
        }
    }
}
