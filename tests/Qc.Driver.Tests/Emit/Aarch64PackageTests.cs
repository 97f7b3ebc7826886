using System.Diagnostics;
using System.Globalization;
using System.Text;
using Qc.Core.Tensors;
using Qc.OnnxRuntime;
using Qc.Package;
using Xunit.Abstractions;
using static Qc.Driver.Tests.Emit.EmitTestSupport;

namespace Qc.Driver.Tests.Emit;

/// <summary>A fact that also needs the aarch64 cross compiler and qemu-aarch64 (scripts/setup.sh installs both).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class Aarch64EmitFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute; paths are absolute or relative to the repository root.</summary>
    public Aarch64EmitFactAttribute(params string[] paths) => Skip = TestEnvironment.IsCi ? null
        : EmitTestSupport.MissingReason() ?? Aarch64Harness.MissingReason() ?? TestEnvironment.MissingReason(true, paths);
}

/// <summary>The PaddleOCR cls model compiled for <c>aarch64-linux-gnu:neoverse-n1</c> runs under qemu-aarch64 through a
/// small C harness (dlopen of the package's shared object, arguments from the manifest, a sequential parallel_for) and
/// matches the x86-64 package and ONNX Runtime on real text lines.</summary>
public sealed class Aarch64PackageTests(ITestOutputHelper output)
{
    [Aarch64EmitFact(TestEnvironment.ClsModel, ClsLines)]
    public void PaddleOcrCls_UnderQemu_MatchesX86AndOnnxRuntime()
    {
        TestEnvironment.RequireOrt(TestEnvironment.ClsModel, ClsLines);
        using var dir = new EmitTempDir();
        const string arm = "aarch64-linux-gnu:neoverse-n1";
        var outcome = EmitPackage(FloatRecipe(dir.Path, TestEnvironment.ClsModel, "x", [1, 3, 48, 192]), "x86_64-linux-gnu:znver4", arm);
        var harness = Aarch64Harness.Build(dir.Path);
        using var x86 = Load(outcome.PackagePath!, dir.Path, "x86_64-linux-gnu:znver4");
        using var ort = OrtSession.Open(TestEnvironment.Resolve(TestEnvironment.ClsModel));
        var vsX86 = new Sqnr();
        var vsOrt = new Sqnr();
        var samples = Samples(ClsLines, 4, labels: "labels");
        for (var s = 0; s < samples.Count; s++)
        {
            var got = Aarch64Harness.Run(harness, outcome.PackagePath!, arm, samples[s], Path.Combine(dir.Path, $"run{s}"));
            vsX86.Add(got, Run(x86, samples[s])[0]);
            vsOrt.Add(got, RunOrt(ort, x86, samples[s])[0]);
        }

        output.WriteLine($"cls under qemu-aarch64 ({samples.Count} lines): vs x86-64 package {vsX86}; vs ONNX Runtime {vsOrt}");
        vsOrt.Db.ShouldBeGreaterThanOrEqualTo(60, vsOrt.ToString());
        vsX86.Db.ShouldBeGreaterThanOrEqualTo(100, "only the summation order differs (vector widths 4 and 16): " + vsX86);
    }
}

/// <summary>Builds and runs the aarch64 C harness: it reads a plan file written from the manifest (shared object, weights,
/// arena, buffers with their kind, size and offset or file, kernels with their argument buffer ids), runs the schedule
/// once with a <c>qc_rt</c> whose <c>parallel_for</c> runs the whole range inline, and writes the outputs.</summary>
internal static class Aarch64Harness
{
    private const string Gcc = "aarch64-linux-gnu-gcc";
    private const string Qemu = "qemu-aarch64";
    private const string Sysroot = "/usr/aarch64-linux-gnu";

    private const string Source = """
        #include <dlfcn.h>
        #include <stdint.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>

        typedef struct qc_rt {
            uint32_t abi_version;
            uint32_t num_threads;
            void* pool;
            void (*parallel_for)(void* pool, int64_t count, void (*body)(void* ctx, int64_t begin, int64_t end), void* ctx);
        } qc_rt;

        static void sequential_for(void* pool, int64_t count, void (*body)(void*, int64_t, int64_t), void* ctx) {
            (void)pool;
            if (count > 0) body(ctx, 0, count);
        }

        static void* zeroed(size_t bytes) {
            void* p = aligned_alloc(64, (bytes + 63) / 64 * 64 + 64);
            if (!p) { fprintf(stderr, "out of memory\n"); exit(2); }
            memset(p, 0, (bytes + 63) / 64 * 64 + 64);
            return p;
        }

        static void* load(const char* path, size_t bytes) {
            void* p = zeroed(bytes);
            FILE* f = fopen(path, "rb");
            if (!f || fread(p, 1, bytes, f) != bytes) { fprintf(stderr, "cannot read %zu bytes of %s\n", bytes, path); exit(2); }
            fclose(f);
            return p;
        }

        int main(int argc, char** argv) {
            if (argc != 2) { fprintf(stderr, "usage: harness PLAN\n"); return 2; }
            FILE* plan = fopen(argv[1], "r");
            char so[4096], wpath[4096];
            size_t wbytes, abytes;
            int n, k;
            if (!plan || fscanf(plan, " so %4095s weights %4095s %zu arena %zu buffers %d", so, wpath, &wbytes, &abytes, &n) != 5) return 2;
            void* lib = dlopen(so, RTLD_NOW | RTLD_LOCAL);
            if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 3; }
            uint32_t (*version)(void) = (uint32_t (*)(void))dlsym(lib, "qc_abi_version");
            if (!version || version() != 1) { fprintf(stderr, "qc_abi_version missing or not 1\n"); return 4; }
            char* weights = wbytes ? (char*)load(wpath, wbytes) : NULL;
            char* arena = (char*)zeroed(abytes);
            void** ptr = calloc(n, sizeof(void*));
            char* kinds = calloc(n, 1);
            size_t* sizes = calloc(n, sizeof(size_t));
            char (*files)[4096] = calloc(n, 4096);
            for (int i = 0; i < n; i++) {
                int id; char kind; size_t bytes, offset;
                if (fscanf(plan, " %d %c %zu %zu %4095s", &id, &kind, &bytes, &offset, files[i]) != 5 || id != i) return 2;
                kinds[i] = kind; sizes[i] = bytes;
                ptr[i] = kind == 'i' ? load(files[i], bytes) : kind == 'o' ? zeroed(bytes) : kind == 'w' ? (void*)(weights + offset) : (void*)(arena + offset);
            }
            if (fscanf(plan, " kernels %d", &k) != 1) return 2;
            qc_rt rt = { 1, 1, NULL, sequential_for };
            void* args[512];
            for (int j = 0; j < k; j++) {
                char symbol[1024]; int count;
                if (fscanf(plan, " %1023s %d", symbol, &count) != 2 || count > 512) return 2;
                for (int a = 0; a < count; a++) { int b; if (fscanf(plan, " %d", &b) != 1) return 2; args[a] = ptr[b]; }
                void (*fn)(void* const*, const qc_rt*) = (void (*)(void* const*, const qc_rt*))dlsym(lib, symbol);
                if (!fn) { fprintf(stderr, "missing %s\n", symbol); return 5; }
                fn(args, &rt);
            }
            for (int i = 0; i < n; i++) {
                if (kinds[i] != 'o') continue;
                FILE* f = fopen(files[i], "wb");
                if (!f || fwrite(ptr[i], 1, sizes[i], f) != sizes[i]) { fprintf(stderr, "cannot write %s\n", files[i]); return 6; }
                fclose(f);
            }
            return 0;
        }
        """;

    /// <summary>Why the harness cannot be built and run here, or null.</summary>
    public static string? MissingReason() =>
        Find(Gcc) is null ? $"'{Gcc}' not found (install gcc-aarch64-linux-gnu: scripts/setup.sh)"
        : Find(Qemu) is null ? $"'{Qemu}' not found (install qemu-user: scripts/setup.sh)"
        : !Directory.Exists(Sysroot) ? $"'{Sysroot}' is missing (install libc6-dev-arm64-cross: scripts/setup.sh)"
        : null;

    /// <summary>Compiles the harness into <paramref name="dir"/> and returns its path.</summary>
    public static string Build(string dir)
    {
        var source = Path.Combine(dir, "harness.c");
        File.WriteAllText(source, Source);
        var exe = Path.Combine(dir, "harness");
        Exec(Gcc, ["-O1", "-std=c11", "-D_GNU_SOURCE", "-o", exe, source, "-ldl"]);
        return exe;
    }

    /// <summary>Runs one input through the package's code for <paramref name="target"/> under qemu and returns the first output.</summary>
    public static TensorData Run(string harness, string packagePath, string target, TensorData input, string dir)
    {
        Directory.CreateDirectory(dir);
        using var package = QcPackage.Open(packagePath);
        var m = package.Manifest;
        var t = m.Targets.Single(x => x.Name == target);
        var so = Path.Combine(dir, "code.so");
        File.WriteAllBytes(so, package.ReadSection(t.Code));
        var weights = Path.Combine(dir, "weights.bin");
        var weightBytes = package.HasSection(SectionNames.Weights) ? package.ReadSection(SectionNames.Weights) : [];
        File.WriteAllBytes(weights, weightBytes);
        var inv = CultureInfo.InvariantCulture;
        var plan = new StringBuilder();
        plan.Append(inv, $"so {so}\nweights {weights} {weightBytes.Length}\narena {m.ArenaBytes}\nbuffers {m.Buffers.Count}\n");
        foreach (var b in m.Buffers)
        {
            var (kind, file) = b.Kind switch
            {
                BufferKind.Input => ('i', Path.Combine(dir, $"in{b.Id}.bin")),
                BufferKind.Output => ('o', Path.Combine(dir, $"out{b.Id}.bin")),
                BufferKind.Weight => ('w', "-"),
                _ => ('a', "-"),
            };
            if (kind == 'i')
            {
                File.WriteAllBytes(file, input.Data.ToArray());
            }

            plan.Append(inv, $"{b.Id} {kind} {b.Bytes} {b.Offset ?? 0} {file}\n");
        }

        plan.Append(inv, $"kernels {t.Kernels.Count}\n");
        foreach (var k in t.Kernels)
        {
            plan.Append(inv, $"{k.Symbol} {k.Args.Count} {string.Join(' ', k.Args)}\n");
        }

        var planPath = Path.Combine(dir, "plan.txt");
        File.WriteAllText(planPath, plan.ToString());
        Exec(Qemu, ["-L", Sysroot, harness, planPath]);
        var o = m.Outputs[0];
        return TensorData.FromBytes(ElementType.F32, [.. o.Shape], File.ReadAllBytes(Path.Combine(dir, $"out{o.Buffer}.bin")));
    }

    private static void Exec(string program, string[] args)
    {
        var start = new ProcessStartInfo(Find(program)!) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', args)}: {stdout}{stderr.Result}");
    }

    private static string? Find(string program) => (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
        .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
