using System.Globalization;
using System.Text;
using Qc.Core.Diagnostics;

namespace Qc.Driver.Emit;

/// <summary>The terminal text of the package emit (what <c>qc compile</c> prints after the compression report).</summary>
public static class PackageEmitText
{
    /// <summary>What was lowered, compiled and written; empty when no package was written.</summary>
    public static string Summary(string recipePath, PackageEmitOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.PackagePath is not { } path || outcome.Build is not { } build)
        {
            return string.Empty;
        }

        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var s = build.Lowering;
        var kernels = build.Targets[0].Kernels;
        sb.Append(inv, $"package {path} from {recipePath}: {outcome.PackageBytes} bytes\n");
        sb.Append(inv, $"  lowering: {kernels} kernels; folded {s.FoldedOps} ops and {s.FoldedBatchNorms} batch norms, fused {s.FusedOps} ops, {s.Aliases} views, removed {s.RemovedOps}; {build.LoweringTime.TotalSeconds:0.00} s\n");
        sb.Append(inv, $"  memory: arena {build.ArenaBytes} B (temporaries {build.TempBytes} B without reuse); weights {build.WeightTensors} tensors, {build.WeightBytes} B\n");
        foreach (var t in build.Targets)
        {
            sb.Append(inv, $"  target {t.Name}: {t.Kernels} kernels, vector width {t.VectorWidth}, {t.Section} {t.CodeBytes} B, {t.Elapsed.TotalSeconds:0.00} s\n");
        }

        sb.Append(inv, $"wrote {path}\n");
        return sb.ToString();
    }

    /// <summary>QC1001 for <c>--target</c> given with <c>--emit onnx</c>, which has no targets.</summary>
    public static Diagnostic TargetWithOnnxEmit() => new(new DiagnosticCode(DriverCodes.BadArgument), Severity.Error, Location.None,
        "--target applies to the package emit, not to --emit onnx", "drop --target, or drop --emit onnx to write a .qcpkg package");
}
