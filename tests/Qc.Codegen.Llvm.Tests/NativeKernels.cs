using System.Runtime.InteropServices;

namespace Qc.Codegen.Llvm.Tests;

/// <summary>The proof kernels compiled for an x86-64 target, linked into a .so and loaded into this process.</summary>
internal sealed unsafe class NativeKernels : IDisposable
{
    private readonly IntPtr _library;
    private readonly string _dir;

    public NativeKernels(string target)
    {
        byte[] obj;
        using (var m = ProofKernels.Module(ProofKernels.Target(target)))
        {
            obj = m.Compile();
        }

        var link = new Linker().LinkShared([obj]);
        Assert.True(link.Succeeded, string.Join("\n", link.Diagnostics));
        _dir = Directory.CreateTempSubdirectory("qc-so-").FullName;
        var path = Path.Combine(_dir, "libqc_kernels.so");
        File.WriteAllBytes(path, link.SharedObject!);
        _library = NativeLibrary.Load(path);
        Axpy = (delegate* unmanaged<float*, float*, float, int, void>)NativeLibrary.GetExport(_library, "axpy");
        Matmul = (delegate* unmanaged<float*, float*, float*, int, int, int, void>)NativeLibrary.GetExport(_library, "matmul");
    }

    public delegate* unmanaged<float*, float*, float, int, void> Axpy { get; }

    public delegate* unmanaged<float*, float*, float*, int, int, int, void> Matmul { get; }

    /// <summary>Runs axpy in place on a copy of <paramref name="y"/>.</summary>
    public float[] RunAxpy(float a, float[] x, float[] y)
    {
        var result = (float[])y.Clone();
        fixed (float* px = x, py = result)
        {
            Axpy(px, py, a, x.Length);
        }

        return result;
    }

    public float[] RunMatmul(float[] a, float[] b, int rows, int cols, int depth)
    {
        var c = new float[rows * cols];
        fixed (float* pa = a, pb = b, pc = c)
        {
            Matmul(pa, pb, pc, rows, cols, depth);
        }

        return c;
    }

    public void Dispose()
    {
        NativeLibrary.Free(_library);
        Directory.Delete(_dir, recursive: true);
    }
}
