using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary><c>glp_init_iocp</c> writes the whole C struct, so the C# mirror must have its exact size and offsets.</summary>
public sealed class IocpLayoutTests
{
    [Fact]
    public void Iocp_HasTheSizeOfGlpIocp()
    {
        // sizeof(glp_iocp) from glpk.h 5.0 on x86-64.
        Assert.Equal(328, Marshal.SizeOf<Iocp>());
        Assert.Equal(328, Unsafe.SizeOf<Iocp>());
    }

    [Fact]
    public void Iocp_FieldOffsetsMatchGlpkH()
    {
        // offsetof(glp_iocp, presolve) and offsetof(glp_iocp, foo_bar), from a C program compiled against glpk.h.
        Assert.Equal(96, (int)Marshal.OffsetOf<Iocp>(nameof(Iocp.presolve)));
        Assert.Equal(144, (int)Marshal.OffsetOf<Iocp>(nameof(Iocp.foo_bar)));
    }

    [GlpkFact]
    public void InitIocp_FillsDefaults()
    {
        Glpk.Require();
        var parm = default(Iocp);
        lock (GlpkLibrary.Gate)
        {
            GlpkNative.InitIocp(ref parm);
        }

        // glpk.h documents these defaults: tol_int 1e-5, tol_obj 1e-7, tm_lim INT_MAX, presolve off.
        Assert.Equal(1e-5, parm.tol_int);
        Assert.Equal(1e-7, parm.tol_obj);
        Assert.Equal(int.MaxValue, parm.tm_lim);
        Assert.Equal(GlpkNative.Off, parm.presolve);
        Assert.StartsWith("5.", GlpkLibrary.Version, StringComparison.Ordinal);
    }
}
