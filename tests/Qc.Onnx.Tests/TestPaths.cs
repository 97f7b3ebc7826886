using System.Runtime.CompilerServices;

namespace Qc.Onnx.Tests;

/// <summary>Where the test data lives: the ONNX backend node tests (Debian libonnx-testdata) and the PaddleOCR models.</summary>
internal static class TestPaths
{
    public const string NodeTestRoot = "/usr/share/libonnx-testdata/data";

    /// <summary>The folders of <see cref="NodeTestRoot"/> the conformance test covers (real/ has no models).</summary>
    public static readonly string[] ConformanceFolders = ["node", "pytorch-converted", "pytorch-operator", "simple"];

    /// <summary>True on CI, where missing test data is a failure instead of a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository root (the folder holding Compiler.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ModelCache => Path.Combine(RepoRoot, ".cache", "models");

    public static string ClsModel => Path.Combine(ModelCache, "ch_ppocr_mobile_v2.0_cls_infer.onnx");

    public static string DetModel => Path.Combine(ModelCache, "ch_PP-OCRv4_det_infer.onnx");

    /// <summary>The path of a node test case's model, such as <c>node/test_add</c>.</summary>
    public static string Case(string folderAndCase) => Path.Combine(NodeTestRoot, folderAndCase, "model.onnx");

    /// <summary>This source folder (for rewriting expectation files).</summary>
    public static string SourceFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Compiler.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}

/// <summary>A fact that needs a data file: skipped with a clear reason when it is absent, except on CI (CI=true), where it runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RequiresFileFactAttribute : FactAttribute
{
    public RequiresFileFactAttribute(string which)
    {
        var path = which switch
        {
            "cls" => TestPaths.ClsModel,
            "det" => TestPaths.DetModel,
            _ => TestPaths.NodeTestRoot,
        };
        if (!File.Exists(path) && !Directory.Exists(path) && !TestPaths.IsCi)
        {
            Skip = $"'{path}' is absent: run scripts/setup.sh (libonnx-testdata and the PaddleOCR models); on CI (CI=true) this test fails instead";
        }
    }
}
