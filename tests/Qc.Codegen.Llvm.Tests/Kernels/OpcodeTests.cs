using Qc.Ir.Kernel;

namespace Qc.Codegen.Llvm.Tests.Kernels;

/// <summary>Every opcode, for every element type it accepts, scalar and vector: the interpreter against the compiled
/// x86-64 shared object on seeded random data (bit for bit; exp/log/tanh/erf/pow within a few ulp).</summary>
public sealed class OpcodeTests
{
    public static TheoryData<Opcode> Opcodes => [.. Enum.GetValues<Opcode>()];

    [NativeTheory(Tool.Llvm | Tool.Lld | Tool.HostX86V3)]
    [MemberData(nameof(Opcodes))]
    public void CompiledCode_MatchesInterpreter(Opcode op)
    {
        var module = OpcodeModules.Build(op);
        Assert.Empty(module.Verify());
        using var native = new NativeModule(module);
        for (var seed = 1; seed <= 3; seed++)
        {
            var inputs = KernelTestData.Inputs(module, seed, nonZero: op is Opcode.Div or Opcode.Rem, moderate: op == Opcode.Rem);
            var expected = KernelTestData.Interpret(module, inputs);
            var actual = native.Run(inputs);
            KernelTestData.AssertEqual(expected, actual, name => OpcodeModules.IsApproximate(op) ? MathTolerance.Ulps(op, name) : 0, $"{op} seed {seed}");
        }
    }
}
