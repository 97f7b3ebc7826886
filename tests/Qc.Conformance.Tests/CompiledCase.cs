using Qc.Codegen;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Driver.Emit;
using Qc.Ir.Graph;
using Qc.Lowering;
using Qc.Package;
using Qc.Runtime;

namespace Qc.Conformance.Tests;

/// <summary>What happened to one node test: its op types, and why it fails (null: it passes).</summary>
internal sealed record CaseOutcome(IReadOnlyList<string> Ops, string? Failure);

/// <summary>Runs one node test through the whole compiler: import, <see cref="PackageBuilder"/> (lowering, LLVM, package
/// sections) for one CPU target, the package written and run by <see cref="QcModel"/>, outputs compared with the
/// backend rule (rtol 1e-3, atol 1e-5; NaN equals NaN; integers and booleans exactly).</summary>
internal static class CompiledCase
{
    /// <summary>Null when the case does not lower (an unsupported op, form or type), else its outcome.</summary>
    public static CaseOutcome? Run(NodeCase c, TargetName target, string dir)
    {
        if (c.Import() is not { } module)
        {
            return null;
        }

        var expected = c.Outputs();
        var inputs = c.Inputs();
        if (inputs.Count < module.Main.Parameters.Count || expected.Count != module.Main.Outputs.Count)
        {
            return null;
        }

        var bag = new DiagnosticBag();
        var build = PackageBuilder.Build(module, [target], c.Id, bag);
        if (build is null && Unsupported(bag) && c.ImportWithConstantOperands() is { } constant)
        {
            (module, bag) = (constant, new DiagnosticBag());
            build = PackageBuilder.Build(module, [target], c.Id, bag);
        }

        var ops = module.Main.Ops.Where(o => o is not ConstantOp).Select(o => o.Schema.OpType).Distinct().Order(StringComparer.Ordinal).ToList();
        if (build is null)
        {
            return Unsupported(bag) ? null : new CaseOutcome(ops, "compile: " + bag.First(d => d.IsError));
        }

        var path = Path.Combine(dir, c.Id.Replace('/', '_') + ".qcpkg");
        build.Writer.Write(path);
        try
        {
            using var model = QcModel.Load(path, new QcOptions { Threads = 1, CacheDirectory = Path.Combine(dir, "code"), Target = target.ToString() });
            var feeds = model.Inputs.Select((t, i) => (t.Name, Tensor: new QcTensor(t.DType, [.. inputs[i].Dims], inputs[i].Data.ToArray())))
                .ToDictionary(p => p.Name, p => p.Tensor, StringComparer.Ordinal);
            var result = model.Run(feeds);
            for (var i = 0; i < expected.Count; i++)
            {
                var o = model.Outputs[i];
                var want = expected[i].ElementType == ElementType.U16 && o.DType == QcDType.BF16
                    ? TensorData.FromBytes(ElementType.BF16, expected[i].Dims.AsSpan(), expected[i].Data) : expected[i];
                var got = TensorData.FromBytes(want.ElementType, [.. o.Shape], result[o.Name].Data);
                if (BackendRule.Mismatch(got, want) is { } why)
                {
                    return new CaseOutcome(ops, $"output {i} ('{o.Name}'): {why}");
                }
            }
        }
        catch (Exception e) when (e is QcRuntimeException or ArgumentException)
        {
            return new CaseOutcome(ops, "run: " + e.Message);
        }
        finally
        {
            File.Delete(path);
        }

        return new CaseOutcome(ops, null);
    }

    /// <summary>True when the errors say the model cannot be lowered or packaged (not a compiler bug).</summary>
    private static bool Unsupported(DiagnosticBag bag) => bag.Where(d => d.IsError).All(d =>
        d.Code.Number is (>= LoweringDiagnostics.UnsupportedOp and < LoweringDiagnostics.InvalidKernelModule) or EmitCodes.UnsupportedInterfaceType);
}
