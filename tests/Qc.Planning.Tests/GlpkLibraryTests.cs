using System.Runtime.InteropServices;
using Qc.Planning.Allocation;

namespace Qc.Planning.Tests;

/// <summary>How GLPK is found, what a wrong <c>QC_GLPK_LIB</c> says, and a real time limit.</summary>
public sealed class GlpkLibraryTests
{
    [Fact]
    public void MissingPath_NamesTheVariable()
    {
        var reason = GlpkLibrary.Open("/nonexistent/libglpk.so.40", out var handle);
        Assert.Equal("GLPK cannot be loaded from '/nonexistent/libglpk.so.40' (QC_GLPK_LIB)", reason);
        Assert.Equal(IntPtr.Zero, handle);
    }

    [Fact]
    public void ALibraryThatIsNotGlpk_IsRefused()
    {
        var reason = GlpkLibrary.Open("libc.so.6", out var handle);
        Assert.Equal("'libc.so.6' is not GLPK: it has no 'glp_intopt'", reason);
        Assert.Equal(IntPtr.Zero, handle);
    }

    [GlpkFact]
    public void TheSystemLibrary_Opens()
    {
        Glpk.Require();
        Assert.Null(GlpkLibrary.Open(null, out var handle));
        NativeLibrary.Free(handle);
    }

    [GlpkFact]
    public void ATinyTimeLimit_IsReportedAsSuch()
    {
        Glpk.Require();
        var problem = Instances.TwoBudgets(new Random(77), 2000, 4, 4, 0.45, 0.35);
        var r = BitAllocator.Allocate(problem, new GlpkSolver(), AllocationOptions.Default with { TimeLimit = TimeSpan.FromMilliseconds(1) });
        var d = Assert.Single(r.Diagnostics);
        if (r.Status == AllocationStatus.Feasible)
        {
            Assert.Equal("QC4006", d.Code.ToString());
            SolverAgreementTests.AssertFeasible(problem, r);
        }
        else
        {
            Assert.Equal(AllocationStatus.TimeLimit, r.Status);
            Assert.Equal("QC4003", d.Code.ToString());
            Assert.Equal("bit allocation found no allocation within the time limit (0.001 s, solver 'glpk')", d.Message);
        }
    }
}
