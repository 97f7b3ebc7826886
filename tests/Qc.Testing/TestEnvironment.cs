using Qc.OnnxRuntime;
using Xunit;

namespace Qc.Testing;

/// <summary>Where tests find ONNX Runtime, the ONNX node tests and the real models, and whether their absence skips or fails.</summary>
/// <remarks>Absent data skips a test with a reason, except when <c>CI=true</c>: CI must have everything, so there the test
/// runs and fails with the same reason (through <see cref="Require"/>).</remarks>
public static class TestEnvironment
{
    /// <summary>The ONNX 1.12 backend test data installed by the Debian package <c>libonnx-testdata</c>.</summary>
    public const string NodeTestData = "/usr/share/libonnx-testdata/data";

    /// <summary>The PaddleOCR direction classifier, relative to the repository root.</summary>
    public const string ClsModel = ".cache/models/ch_ppocr_mobile_v2.0_cls_infer.onnx";

    /// <summary>The PaddleOCR text detector, relative to the repository root.</summary>
    public const string DetModel = ".cache/models/ch_PP-OCRv4_det_infer.onnx";

    private static readonly Lazy<string?> s_repoRoot = new(() =>
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Compiler.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir;
    });

    /// <summary>True when <c>CI=true</c>: missing prerequisites fail instead of skipping.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder holding <c>Compiler.sln</c>.</summary>
    public static string RepoRoot => s_repoRoot.Value ?? throw new InvalidOperationException($"no Compiler.sln above {AppContext.BaseDirectory}");

    /// <summary>Absolute paths stay; others are relative to the repository root.</summary>
    public static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(s_repoRoot.Value ?? AppContext.BaseDirectory, path);

    /// <summary>Why a test cannot run (null when it can, and always null under CI so that the test runs and fails).</summary>
    public static string? SkipReason(bool needsOrt, IEnumerable<string> paths) => IsCi ? null : MissingReason(needsOrt, paths);

    /// <summary>Why the prerequisites are missing, or null when all are present.</summary>
    public static string? MissingReason(bool needsOrt, IEnumerable<string> paths)
    {
        if (needsOrt && !OrtLibrary.TryLoad(out var reason))
        {
            return reason;
        }

        foreach (var p in paths)
        {
            var full = Resolve(p);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                return $"'{full}' is missing: run scripts/setup.sh (it installs libonnx-testdata and fetches the models)";
            }
        }

        return null;
    }

    /// <summary>Fails the test when files it needs are missing (reached only under CI, where the facts do not skip).</summary>
    public static void Require(params string[] paths) => Check(false, paths);

    /// <summary>Fails the test when ONNX Runtime or files it needs are missing.</summary>
    public static void RequireOrt(params string[] paths) => Check(true, paths);

    private static void Check(bool needsOrt, string[] paths)
    {
        if (MissingReason(needsOrt, paths) is { } reason)
        {
            Assert.Fail("CI=true requires every test prerequisite: " + reason);
        }
    }
}

/// <summary>A fact needing files (test data, models): skipped with the reason when they are absent, unless <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DataFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute; paths are absolute or relative to the repository root.</summary>
    public DataFactAttribute(params string[] paths) => Skip = TestEnvironment.SkipReason(false, paths);
}

/// <summary>A fact needing ONNX Runtime (and optionally files): skipped with the reason when absent, unless <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OrtFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute; paths are absolute or relative to the repository root.</summary>
    public OrtFactAttribute(params string[] paths) => Skip = TestEnvironment.SkipReason(true, paths);
}

/// <summary>A theory needing ONNX Runtime (and optionally files): skipped with the reason when absent, unless <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OrtTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute; paths are absolute or relative to the repository root.</summary>
    public OrtTheoryAttribute(params string[] paths) => Skip = TestEnvironment.SkipReason(true, paths);
}
