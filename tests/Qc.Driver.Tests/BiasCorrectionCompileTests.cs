using Qc.Core.Diagnostics;
using Qc.Driver.Compile;
using Qc.Onnx;

namespace Qc.Driver.Tests;

/// <summary><c>--bias-correction</c> on the Fashion-MNIST CNN: int2 weights shift every channel's mean output; the corrected
/// biases (b' = b − ΔW·E[x]) change the model and cut that shift on calibration data.</summary>
public sealed class BiasCorrectionCompileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qc-bias-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [OrtFact(FashionRecipe.Model, FashionRecipe.Data)]
    public void BiasCorrection_ChangesTheOutputs_AndReducesTheMeanErrorOfALayer()
    {
        TestEnvironment.RequireOrt(FashionRecipe.Needs);
        var recipe = FashionRecipe.Write(_dir, "int2(per_channel)", null, "top1_drop <= 100%");
        var front = RecipeCheck.Run(recipe);
        front.Success.ShouldBeTrue(DiagnosticFormatter.Format(front.Diagnostics.ToList()));
        byte[] Model(bool correct, out CompileSession session)
        {
            var bag = new DiagnosticBag();
            session = new CompileSession(new CompileRequest(recipe) { CacheDirectory = Path.Combine(_dir, "cache"), BiasCorrection = correct },
                front.Recipe!, front.Plan!, bag, null);
            (session.Prepare() && session.Calibrate()).ShouldBeTrue(DiagnosticFormatter.Format(bag.ToList()));
            return session.Apply(new Dictionary<string, LayerCodec>()).ShouldNotBeNull(DiagnosticFormatter.Format(bag.ToList()));
        }

        var plain = Model(false, out var s);
        var corrected = Model(true, out _);
        corrected.ShouldNotBe(plain);

        // The first layer reads the (8-bit quantized) image, so its input is the calibration input: the case bias correction solves.
        var layer = s.Layers[0];
        var output = layer.Weight.Op.Result.Name;
        var channels = layer.Weight.Rows;
        var samples = Core.Data.Datasets.Open(FashionRecipe.Data + "/train-images-idx3-ubyte.gz").ReadSamples().Take(128).ToList();
        double[] Mean(byte[] model)
        {
            var bytes = OnnxModelEditor.AddOutputs(model, [output]);
            int spatial;
            using (var one = ModelRunner.Open(bytes))
            {
                spatial = one.Run([samples[0]])[^1].Length / channels; // [1, C, ...]: positions per channel
            }

            var sums = new double[channels];
            var counts = new long[channels];
            foreach (var batch in SensitivityAnalysis.Outputs(bytes, samples))
            {
                var y = batch[^1];
                for (var i = 0; i < y.Length; i++)
                {
                    var c = i / spatial % channels; // [n, C, positions] flattened
                    sums[c] += y[i];
                    counts[c]++;
                }
            }

            return [.. sums.Zip(counts, (v, n) => v / n)];
        }

        var reference = Mean(s.Fp32Model);
        var shiftPlain = Mean(plain).Zip(reference, (q, r) => Math.Abs(q - r)).Average();
        var shiftCorrected = Mean(corrected).Zip(reference, (q, r) => Math.Abs(q - r)).Average();
        Console.WriteLine($"mean |E[y_q] - E[y]| over the channels of '{layer.Name}': {shiftPlain:G4} without, {shiftCorrected:G4} with bias correction");
        shiftPlain.ShouldBeGreaterThan(1e-3);
        shiftCorrected.ShouldBeLessThan(shiftPlain / 4);
    }
}
