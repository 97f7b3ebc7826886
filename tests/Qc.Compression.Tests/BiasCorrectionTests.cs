using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Formats;
using Qc.Ir.Graph;

namespace Qc.Compression.Tests;

public sealed class BiasCorrectionTests
{
    [Fact]
    public void Gemm_CorrectedBiasZeroesTheMeanOutputShift()
    {
        const int k = 32, rows = 8, n = 400;
        var (module, gemm) = TestGraphs.Gemm(nOut: rows, k: k, transB: false);
        var layer = TestGraphs.Layer(gemm);
        var x = GptqTests.Correlated(n, k, latent: 4, seed: 3);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += 0.7f + (0.05f * (i % k)); // a clearly non-zero mean per feature
        }

        var acc = new HessianAccumulator(k);
        acc.Add(x, [n, k]);
        var q = LayerQuantizer.RoundToNearest(layer, NumberFormat.Parse("int3(per_tensor)"), new DiagnosticBag())!;
        var bag = new DiagnosticBag();
        var corrected = BiasCorrection.CorrectedBias(layer, q.Matrix, acc.FeatureMeans(), bag)!;
        var bias = layer.BiasValues();
        var w = layer.ToMatrix();
        var before = MeanShift(w, bias, q.Matrix, bias, x, n, k, rows);
        var after = MeanShift(w, bias, q.Matrix, corrected, x, n, k, rows);
        before.Max(Math.Abs).ShouldBeGreaterThan(1e-2);
        after.Max(Math.Abs).ShouldBeLessThan(1e-5);

        var op = BiasCorrection.Apply(module, layer, corrected, bag)!;
        bag.Count.ShouldBe(0);
        TestGraphs.Infer(module);
        TestGraphs.Layer(op).BiasValues().ShouldBe(corrected);
    }

    [Fact]
    public void Conv_WithoutBias_GetsOneAndPerChannelMeansBroadcast()
    {
        var (module, conv) = TestGraphs.Conv(m: 3, c: 2, kh: 3, kw: 3);
        var layer = TestGraphs.Layer(conv);
        layer.Bias.ShouldBeNull();
        var q = LayerQuantizer.RoundToNearest(layer, NumberFormat.Parse("int2(axis=0)"), new DiagnosticBag())!;
        var bag = new DiagnosticBag();
        var corrected = BiasCorrection.CorrectedBias(layer, q.Matrix, [0.5, -1.0], bag)!;
        var w = layer.ToMatrix();
        for (var r = 0; r < 3; r++)
        {
            var shift = 0.0;
            for (var j = 0; j < 18; j++)
            {
                shift += (q.Matrix[(r * 18) + j] - w[(r * 18) + j]) * (j < 9 ? 0.5 : -1.0);
            }

            corrected[r].ShouldBe((float)-shift, 1e-6f);
        }

        var op = BiasCorrection.Apply(module, layer, corrected, bag)!;
        bag.Count.ShouldBe(0);
        op.Inputs.Count.ShouldBe(3);
        op.Result.Name.ShouldBe("y");
        module.Main.Outputs.Single().ShouldBeSameAs(op.Result);
        TestGraphs.Infer(module);
        TestGraphs.Layer(op).BiasValues().ShouldBe(corrected);
    }

    [Fact]
    public void MatMul_WithoutBias_GetsAnAddThatKeepsTheOutputName()
    {
        var (module, mm) = TestGraphs.MatMul(nOut: 4, k: 5);
        var layer = TestGraphs.Layer(mm);
        var bag = new DiagnosticBag();
        BiasCorrection.Apply(module, layer, [1f, 2f, 3f, 4f], bag).ShouldNotBeNull();
        bag.Count.ShouldBe(0);
        TestGraphs.Infer(module);
        var output = module.Main.Outputs.Single();
        output.Name.ShouldBe("y");
        output.Producer!.Schema.OpType.ShouldBe("Add");
        var layer2 = TestGraphs.Layer(module.Main.Ops.First(o => o.Schema.OpType == "MatMul"));
        BiasCorrection.CurrentBias(layer2).ShouldBe([1f, 2f, 3f, 4f]);

        // A second correction replaces the Add's constant instead of adding another Add.
        BiasCorrection.Apply(module, layer2, [4f, 3f, 2f, 1f], bag).ShouldNotBeNull();
        module.Main.Ops.Count(o => o.Schema.OpType == "Add").ShouldBe(1);
        BiasCorrection.CurrentBias(layer2).ShouldBe([4f, 3f, 2f, 1f]);
    }

    [Fact]
    public void Gemm_WithoutC_GetsOneWithBetaOne()
    {
        var (module, gemm) = TestGraphs.Gemm(nOut: 3, k: 4, transB: true, bias: false);
        gemm.Attributes = gemm.Attributes.With("beta", new FloatAttr(0.5f));
        var bag = new DiagnosticBag();
        var op = BiasCorrection.Apply(module, TestGraphs.Layer(gemm), [1f, 2f, 3f], bag)!;
        bag.Count.ShouldBe(0);
        op.Attributes.GetFloat("beta", 0).ShouldBe(1f);
        TestGraphs.Infer(module);
        TestGraphs.Layer(op).BiasValues().ShouldBe([1f, 2f, 3f]);
    }

    [Fact]
    public void Gemm_ComputedC_IsQC4209()
    {
        var module = new GraphModule("g");
        var a = module.Main.AddParameter("a", new TensorType(ElementType.F32, 2, 4));
        var c = module.Main.AddParameter("c", new TensorType(ElementType.F32, 3));
        var w = TestGraphs.Constant(module, "w", [3, 4], TestGraphs.Random(12, 1));
        var gemm = module.AddOp(module.Main, TestGraphs.Schema("Gemm"), [a, w, c],
            AttributeMap.Empty.With("transB", new IntAttr(1)), ["y"], nodeName: "gemm");
        module.Main.SetOutputs([gemm.Result]);
        TestGraphs.Infer(module);
        var bag = new DiagnosticBag();
        BiasCorrection.Apply(module, TestGraphs.Layer(gemm), [0f, 0f, 0f], bag).ShouldBeNull();
        bag.Single().Code.ToString().ShouldBe("QC4209");
    }

    [Fact]
    public void WrongMeanCount_IsQC4208()
    {
        var (_, conv) = TestGraphs.Conv(m: 3, c: 2, kh: 3, kw: 3);
        var layer = TestGraphs.Layer(conv);
        var bag = new DiagnosticBag();
        BiasCorrection.CorrectedBias(layer, layer.ToMatrix(), [1, 2, 3], bag).ShouldBeNull();
        bag.Single().Code.ToString().ShouldBe("QC4208");
    }

    private static double[] MeanShift(float[] w, float[] b, float[] wq, float[] bq, float[] x, int n, int k, int rows)
    {
        var shift = new double[rows];
        for (var v = 0; v < n; v++)
        {
            for (var r = 0; r < rows; r++)
            {
                double y = b[r], yq = bq[r];
                for (var j = 0; j < k; j++)
                {
                    y += (double)w[(r * k) + j] * x[(v * k) + j];
                    yq += (double)wq[(r * k) + j] * x[(v * k) + j];
                }

                shift[r] += (yq - y) / n;
            }
        }

        return shift;
    }
}
