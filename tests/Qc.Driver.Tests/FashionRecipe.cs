using System.Globalization;

namespace Qc.Driver.Tests;

/// <summary>Writes Fashion-MNIST CNN recipes into a temporary folder (absolute paths, so they work from anywhere).</summary>
internal static class FashionRecipe
{
    public const string Data = "/usr/share/datasets/fashion-mnist";
    public const string Model = "tests/fixtures/fashion-mnist/fashion_cnn.onnx";

    /// <summary>The prerequisites of every test here.</summary>
    public static readonly string[] Needs = [Model, Data + "/t10k-images-idx3-ubyte.gz", Data + "/train-images-idx3-ubyte.gz"];

    /// <summary>A recipe file with the given weights, optional allocate section and gate.</summary>
    public static string Write(string dir, string weights, string? allocate, string require, int evaluateSamples = 2000)
    {
        Directory.CreateDirectory(dir);
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            qc: 1
            model: {TestEnvironment.Resolve(Model)}
            inputs: {"{"} input: [1, 1, 28, 28] {"}"}
            calibration:
              data: {Data}/train-images-idx3-ubyte.gz
              samples: 256
              activations: percentile(99.99)
            quantize:
              weights: {weights}
              activations: uint8(per_tensor)
            {allocate ?? string.Empty}
            evaluate:
              data: {Data}/t10k-images-idx3-ubyte.gz
              metric: [top1, cosine]
              samples: {evaluateSamples}
              require: {require}
            output: {dir}/out/model.qcpkg
            """);
        var path = Path.Combine(dir, "recipe.yaml");
        File.WriteAllText(path, text + "\n");
        return path;
    }

    /// <summary>The allocate section of examples/fashion-cnn with a size budget.</summary>
    public static string Allocate(string budget) => $"""
        allocate:
          over: op in [Conv, Gemm] and not (is_first or is_last)
          choices: [int8(per_channel), int4(group=32, scale=f16), int2(group=16, scale=f16)]
          sensitivity: output_mse
          subject_to: [{budget}]
        """;
}
