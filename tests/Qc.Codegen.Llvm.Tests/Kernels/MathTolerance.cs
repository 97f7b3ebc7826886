using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>The largest error, in ulp of the result type, allowed between compiled math and the interpreter
/// (measured values are in specs/codegen.md; these bounds sit just above them).</summary>
internal static class MathTolerance
{
    public static int Ulps(Opcode op, string outputName)
    {
        var type = outputName[..outputName.IndexOf('_', StringComparison.Ordinal)];
        return (type, op) switch
        {
            ("f16" or "bf16", _) => 1,
            ("f32", Opcode.Pow) => 1,
            ("f32", _) => 4,
            ("f64", Opcode.Pow) => 1 << 20,
            ("f64", _) => 8,
            _ => 0,
        };
    }
}
