using Qc.OnnxRuntime;

namespace Qc.OnnxRuntime.Tests;

/// <summary>Where the tests find ONNX Runtime, the node tests and the real models, and whether their absence skips or fails.</summary>
/// <remarks>
/// Absent data skips a test with a reason, except when the environment variable <c>CI</c> is <c>true</c>: CI must have everything,
/// so there the test runs and fails with the same reason.
/// </remarks>
internal static class TestEnvironment
{
    /// <summary>The ONNX 1.12 backend test data installed by the Debian package <c>libonnx-testdata</c>.</summary>
    public const string NodeTestData = "/usr/share/libonnx-testdata/data";

    /// <summary>The PaddleOCR direction classifier, relative to the repository root.</summary>
    public const string ClsModel = ".cache/models/ch_ppocr_mobile_v2.0_cls_infer.onnx";

    /// <summary>The PaddleOCR text detector, relative to the repository root.</summary>
    public const string DetModel = ".cache/models/ch_PP-OCRv4_det_infer.onnx";

    private static readonly Lazy<string?> s_repoRoot = new(() => OrtLibrary.FindRepositoryRoot(AppContext.BaseDirectory));

    /// <summary>True when <c>CI=true</c>: missing prerequisites fail instead of skipping.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder holding <c>Compiler.sln</c>.</summary>
    public static string RepoRoot => s_repoRoot.Value ?? throw new InvalidOperationException($"no Compiler.sln above {AppContext.BaseDirectory}");

    /// <summary>Resolves a requirement: absolute paths stay, others are relative to the repository root.</summary>
    public static string Resolve(string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(s_repoRoot.Value ?? AppContext.BaseDirectory, path);

    /// <summary>Why a test needing ONNX Runtime and <paramref name="requiredPaths"/> cannot run; null when it can (or under CI).</summary>
    public static string? SkipReason(string[] requiredPaths) => IsCi ? null : MissingReason(requiredPaths);

    /// <summary>Why the prerequisites are missing, or null when all are present.</summary>
    public static string? MissingReason(string[] requiredPaths)
    {
        if (!OrtLibrary.TryLoad(out var reason))
        {
            return reason;
        }

        foreach (var p in requiredPaths)
        {
            var full = Resolve(p);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                return $"'{full}' is missing. Run scripts/setup.sh (it installs libonnx-testdata and fetches the models).";
            }
        }

        return null;
    }

    /// <summary>Fails the test with the reason when a prerequisite is missing (reached only under CI, since the attributes skip otherwise).</summary>
    public static void Require(params string[] requiredPaths)
    {
        var reason = MissingReason(requiredPaths);
        if (reason is not null)
        {
            Assert.Fail((IsCi ? "CI=true requires every test prerequisite: " : string.Empty) + reason);
        }
    }
}
