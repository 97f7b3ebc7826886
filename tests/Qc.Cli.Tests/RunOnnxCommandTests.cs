using Qc.Core.Tensors;
using Qc.Onnx;
using Qc.Testing;

namespace Qc.Cli.Tests;

public sealed class RunOnnxCommandTests
{
    private const string ConvCase = TestEnvironment.NodeTestData + "/node/test_conv_with_strides_padding";

    [OrtFact(ConvCase)]
    public void RunOnnx_NodeTest_MatchesExpectedOutput()
    {
        TestEnvironment.RequireOrt(ConvCase);
        var dir = Directory.CreateTempSubdirectory("qc-run-").FullName;
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("run-onnx", ConvCase + "/model.onnx", "--input", ConvCase + "/test_data_set_0/input_0.pb",
                "--input", ConvCase + "/test_data_set_0/input_1.pb", "-o", dir);
            Assert.True(exit == 0, stderr);
            var expected = OnnxTensors.ReadFile(ConvCase + "/test_data_set_0/output_0.pb");
            var outName = stdout.Split(':')[0];
            var got = NpyFormat.Read(Path.Combine(dir, outName + ".npy"));
            Assert.Equal(expected.Dims.ToArray(), got.Dims.ToArray());
            var e = expected.ToDoubleArray();
            var g = got.ToDoubleArray();
            for (var i = 0; i < e.Length; i++)
            {
                Assert.True(Math.Abs(e[i] - g[i]) <= 1e-7 + 1e-3 * Math.Abs(e[i]), $"element {i}: {g[i]} vs {e[i]}");
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [OrtFact(TestEnvironment.ClsModel)]
    public void RunOnnx_Capture_WritesIntermediate()
    {
        TestEnvironment.RequireOrt(TestEnvironment.ClsModel);
        var dir = Directory.CreateTempSubdirectory("qc-run-").FullName;
        try
        {
            var input = Path.Combine(dir, "x.npy");
            var rng = new Random(7);
            NpyFormat.Write(input, TensorData.Create<float>([1, 3, 48, 192], Enumerable.Range(0, 3 * 48 * 192).Select(_ => (float)rng.NextDouble()).ToArray()));
            var import = CliRunner.Run("import", TestEnvironment.Resolve(TestEnvironment.ClsModel), "--print-ir", "--no-summary", "--input-shape", "x=1x3x48x192");
            var firstConv = import.Stdout.Split('\n').First(l => l.Contains("= graph.conv ", StringComparison.Ordinal)).Trim();
            var captured = firstConv[1..firstConv.IndexOf(" = ", StringComparison.Ordinal)].Trim('"');
            var (exit, stdout, stderr) = CliRunner.Run("run-onnx", TestEnvironment.Resolve(TestEnvironment.ClsModel), "-i", "x=" + input, "--capture", captured, "-o", dir);
            Assert.True(exit == 0, stderr);
            Assert.Contains(captured + ": tensor<1x", stdout, StringComparison.Ordinal);
            Assert.Equal(2, stdout.Trim().Split('\n').Length);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [OrtFact(ConvCase)]
    public void RunOnnx_MissingInput_IsQC7105()
    {
        var (exit, _, stderr) = CliRunner.Run("run-onnx", ConvCase + "/model.onnx", "--input", ConvCase + "/test_data_set_0/input_0.pb");
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error QC7105", stderr, StringComparison.Ordinal);
    }

    [OrtFact(ConvCase)]
    public void RunOnnx_UnknownCapture_IsQC7106()
    {
        var (exit, _, stderr) = CliRunner.Run("run-onnx", ConvCase + "/model.onnx", "-i", ConvCase + "/test_data_set_0/input_0.pb",
            "-i", ConvCase + "/test_data_set_0/input_1.pb", "--capture", "no_such_tensor");
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error QC7106", stderr, StringComparison.Ordinal);
    }

    [OrtFact(ConvCase)]
    public void RunOnnx_BadInputFile_IsQC7104()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"qc-bad-{Environment.ProcessId}.npy");
        File.WriteAllText(bad, "not numpy");
        try
        {
            var (exit, _, stderr) = CliRunner.Run("run-onnx", ConvCase + "/model.onnx", "-i", bad, "-i", ConvCase + "/test_data_set_0/input_1.pb");
            Assert.Equal(ExitCodes.InputErrors, exit);
            Assert.Contains("error QC7104", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
