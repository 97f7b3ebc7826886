using System.Diagnostics;
using System.Globalization;

namespace Qc.Codegen.Llvm.Tests;

/// <summary>aarch64 code run under qemu-aarch64 by a C harness, compared with the x86-64 build bit for bit.</summary>
public sealed class Aarch64CrossTests
{
    private const int N = 1000;
    private const int Rows = 7;
    private const int Cols = 9;
    private const int Depth = 13;

    // Generates the same inputs as ProofKernels.Inputs and prints results as hex bit patterns.
    private const string Harness = """
        #include <stdio.h>
        #include <stdint.h>
        #include <string.h>
        void axpy(float *x, float *y, float a, int n);
        void matmul(float *a, float *b, float *c, int m, int n, int k);
        static uint32_t s;
        static void fill(float *v, int n) {
            for (int i = 0; i < n; i++) { s = s * 1664525u + 1013904223u; v[i] = (float)((s >> 8) & 0xFFFF) / 65536.0f - 0.5f; }
        }
        static void dump(const char *name, const float *v, int n) {
            for (int i = 0; i < n; i++) { uint32_t u; memcpy(&u, &v[i], 4); printf("%s %08x\n", name, u); }
        }
        int main(void) {
            static float x[N], y[N], a[M * K], b[K * NC], c[M * NC];
            s = 1; fill(x, N); fill(y, N);
            axpy(x, y, 1.25f, N);
            dump("axpy", y, N);
            s = 42; fill(a, M * K); fill(b, K * NC);
            matmul(a, b, c, M, NC, K);
            dump("matmul", c, M * NC);
            return 0;
        }
        """;

    [NativeFact(Tool.Llvm | Tool.Lld | Tool.Qemu | Tool.CrossGcc | Tool.HostX86V3)]
    public void Aarch64Results_MatchX86Results()
    {
        byte[] obj;
        using (var m = ProofKernels.Module(ProofKernels.Target("aarch64-linux-gnu:neoverse-n1")))
        {
            obj = m.Compile();
        }

        // The aarch64 object also links into a shared object.
        var so = new Linker().LinkShared([obj]);
        Assert.True(so.Succeeded, string.Join("\n", so.Diagnostics));
        Assert.Equal(183, BitConverter.ToUInt16(so.SharedObject!, 18));

        var dir = Directory.CreateTempSubdirectory("qc-qemu-");
        try
        {
            File.WriteAllBytes(Path.Combine(dir.FullName, "kernels.o"), obj);
            File.WriteAllText(Path.Combine(dir.FullName, "main.c"), Harness);
            var exe = Path.Combine(dir.FullName, "main");
            Run(dir.FullName, NativeTools.CrossGcc, "-O2", "-static", $"-DN={N}", $"-DM={Rows}", $"-DK={Depth}", $"-DNC={Cols}",
                "-o", exe, "main.c", "kernels.o");
            var output = Run(dir.FullName, NativeTools.Qemu, exe);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
            var armAxpy = lines.Where(l => l[0] == "axpy").Select(l => Bits(l[1])).ToArray();
            var armMatmul = lines.Where(l => l[0] == "matmul").Select(l => Bits(l[1])).ToArray();

            using var k = new NativeKernels("x86_64-linux-gnu:x86-64-v3");
            uint s = 1;
            var x = ProofKernels.Inputs(ref s, N);
            var y = ProofKernels.Inputs(ref s, N);
            Assert.Equal(k.RunAxpy(1.25f, x, y), armAxpy);
            s = 42;
            var a = ProofKernels.Inputs(ref s, Rows * Depth);
            var b = ProofKernels.Inputs(ref s, Depth * Cols);
            Assert.Equal(k.RunMatmul(a, b, Rows, Cols, Depth), armMatmul);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static float Bits(string hex) => BitConverter.Int32BitsToSingle(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    internal static string Run(string workingDirectory, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{program} exited with {p.ExitCode}: {err.Result}");
        return output;
    }
}
