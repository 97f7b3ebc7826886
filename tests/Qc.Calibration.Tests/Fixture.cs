using Qc.Core.Data;

namespace Qc.Calibration.Tests;

/// <summary>The Fashion-MNIST CNN fixture and its data, and a fresh cache folder per test.</summary>
internal static class Fixture
{
    public const string Cnn = "tests/fixtures/fashion-mnist/fashion_cnn.onnx";
    public const string Vit = "tests/fixtures/fashion-mnist/fashion_vit.onnx";
    public const string FashionMnist = IdxDataset.FashionMnistFolder;

    public static string CnnPath => TestEnvironment.Resolve(Cnn);

    public static IdxDataset TestSet() => IdxDataset.FromFolder(FashionMnist, "t10k");

    public static string NewCacheFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "qc-calibration-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up with the temp folder.
        }
    }
}
