using Qc.Core.Tensors;
using Qc.Ir.Kernel;

namespace Qc.Lowering.Tests;

/// <summary>int4/uint4 constants (the stored codes of int4 weights in a QDQ model) lower as 8-bit integers of the same
/// values, so DequantizeLinear of them folds to f32 weights. Regression test: they were QC5104 ("element type i4").</summary>
public sealed class Int4ConstantTests
{
    [Theory]
    [InlineData(ElementType.I4)]
    [InlineData(ElementType.U4)]
    public void DequantizeLinearOfInt4Codes_FoldsToTheDecodedWeights(ElementType type)
    {
        long[] codes = type == ElementType.I4 ? [-8, -1, 0, 3, 7] : [0, 1, 8, 14, 15];
        const long zeroPoint = 1;
        var packed = new byte[(codes.Length + 1) / 2];
        for (var i = 0; i < codes.Length; i++)
        {
            packed[i / 2] |= (byte)((codes[i] & 0xF) << (i % 2 * 4));
        }

        var g = new TestGraph();
        var x = g.Input("x", codes.Length);
        var w = g.Op("DequantizeLinear", [g.Const("w_q", TensorData.FromBytes(type, [codes.Length], packed)),
            g.Const("w_scale", TensorData.Scalar(0.5f)), g.Const("w_zero", TensorData.FromBytes(type, [], new byte[] { (byte)zeroPoint }))]);
        var module = g.Build(g.Op("Add", [x, w]));

        var result = GraphLowering.Lower(module, LoweringOptions.Default);
        result.Diagnostics.Where(d => d.IsError).ShouldBeEmpty();
        result.Module!.Buffers.ShouldNotContain(b => b.ElementType == ElementType.I4 || b.ElementType == ElementType.U4);
        var run = KernelInterpreter.Run(result.Module, new Dictionary<string, TensorData> { ["x"] = TensorData.Create<float>([codes.Length], new float[codes.Length]) });
        run.Outputs.Values.Single().ToArray<float>().ShouldBe([.. codes.Select(c => (c - zeroPoint) * 0.5f)]);
    }
}
