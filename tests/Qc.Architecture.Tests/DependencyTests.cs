using System.Xml.Linq;

namespace Qc.Architecture.Tests;

/// <summary>Checks the project dependency table of ARCHITECTURE.md against the .csproj files.</summary>
public sealed class DependencyTests
{
    /// <summary>Allowed direct project references of each product project (ARCHITECTURE.md, "Which way dependencies point").</summary>
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["Qc.Core"] = [],
        ["Qc.Ir.Graph"] = ["Qc.Core"],
        ["Qc.Ir.Kernel"] = ["Qc.Core"],
        ["Qc.Lowering"] = ["Qc.Core", "Qc.Ir.Graph", "Qc.Ir.Kernel"],
        ["Qc.Onnx"] = ["Qc.Core", "Qc.Ir.Graph"],
        ["Qc.OnnxRuntime"] = ["Qc.Core"],
        ["Qc.Recipe"] = ["Qc.Core", "Qc.Ir.Graph", "Qc.Formats"],
        ["Qc.Planning"] = ["Qc.Core", "Qc.Recipe", "Qc.Ir.Graph", "Qc.OnnxRuntime", "Qc.Formats"],
        ["Qc.Passes"] = ["Qc.Core", "Qc.Ir.Graph", "Qc.Ir.Kernel", "Qc.Formats"],
        ["Qc.Codegen"] = ["Qc.Core", "Qc.Ir.Kernel", "Qc.Formats"],
        ["Qc.Codegen.Llvm"] = ["Qc.Core", "Qc.Codegen", "Qc.Ir.Kernel", "Qc.Formats"],
        ["Qc.Driver"] = ["Qc.Core", "Qc.Ir.Graph", "Qc.Onnx", "Qc.OnnxRuntime", "Qc.Recipe", "Qc.Planning", "Qc.Passes", "Qc.Lowering", "Qc.Codegen", "Qc.Codegen.Llvm", "Qc.Package", "Qc.Runtime", "Qc.Formats", "Qc.Calibration", "Qc.Compression"],
        ["Qc.Formats"] = ["Qc.Core"],
        ["Qc.Compression"] = ["Qc.Core", "Qc.Ir.Graph", "Qc.Formats"],
        ["Qc.Calibration"] = ["Qc.Core", "Qc.Ir.Graph", "Qc.Onnx", "Qc.OnnxRuntime", "Qc.Formats"],
        ["Qc.Cli"] = ["Qc.Driver"],
        ["Qc.Package"] = [],
        ["Qc.Runtime"] = ["Qc.Package"],
    };

    /// <summary>The one project through which each third-party package enters.</summary>
    private static readonly Dictionary<string, string> s_packageOwner = new()
    {
        ["Google.Protobuf"] = "Qc.Onnx",
        ["Grpc.Tools"] = "Qc.Onnx",
        ["System.CommandLine"] = "Qc.Cli",
        ["Spectre.Console"] = "Qc.Cli",
        ["YamlDotNet"] = "Qc.Recipe",
        ["Antlr4.Runtime.Standard"] = "Qc.Recipe",
    };

    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Compiler.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Compiler.sln not found above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<(string Name, string Path, XDocument Xml)> Projects(string folder) =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot(), folder), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.GetFileNameWithoutExtension(p), p, XDocument.Load(p)));

    private static IEnumerable<string> References(XDocument xml) => xml.Descendants("ProjectReference")
        .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')));

    [Fact]
    public void ProductProjects_ReferenceOnlyAllowedProjects()
    {
        var violations = new List<string>();
        foreach (var (name, _, xml) in Projects("compiler").Concat(Projects("runtime")))
        {
            if (!s_allowed.TryGetValue(name, out var allowed))
            {
                violations.Add($"{name} is not in the dependency table (add it to ARCHITECTURE.md and this test)");
                continue;
            }

            violations.AddRange(References(xml).Where(r => !allowed.Contains(r)).Select(r => $"{name} -> {r} is not allowed"));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void Runtime_NeverReferencesCompiler()
    {
        foreach (var (name, _, xml) in Projects("runtime"))
        {
            Assert.DoesNotContain(xml.Descendants("ProjectReference"), e => e.Attribute("Include")!.Value.Contains("compiler", StringComparison.Ordinal));
            Assert.Empty(xml.Descendants("PackageReference"));
            _ = name;
        }
    }

    [Fact]
    public void Runtime_DependsOnlyOnRuntimeProjectsAndTheBcl()
    {
        var runtime = Path.Combine(RepoRoot(), "runtime") + "/";
        var violations = new List<string>();
        foreach (var (name, path, xml) in Projects("runtime"))
        {
            foreach (var include in xml.Descendants("ProjectReference").Select(e => e.Attribute("Include")!.Value.Replace('\\', '/')))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include));
                if (!target.StartsWith(runtime, StringComparison.Ordinal))
                {
                    violations.Add($"{name} references {include}, outside runtime/");
                }
            }

            violations.AddRange(xml.Descendants().Where(e => e.Name.LocalName is "PackageReference" or "PackageDownload" or "Reference" or "FrameworkReference")
                .Select(e => $"{name} has <{e.Name.LocalName} Include=\"{e.Attribute("Include")?.Value}\"> (runtime/ uses only the .NET BCL)"));
        }

        // No build files that could add references to every runtime project behind the .csproj files' backs.
        violations.AddRange(Directory.EnumerateFiles(runtime, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Where(f => f.EndsWith(".props", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal))
            .Select(f => $"{f} may add references to runtime projects"));

        // No source file names a compiler namespace (a type could only come in through a reference, but keep the code honest).
        var compilerNamespaces = Projects("compiler").Select(p => p.Name).ToArray();
        foreach (var file in Directory.EnumerateFiles(runtime, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            violations.AddRange(compilerNamespaces.Where(ns => text.Contains("using " + ns + ";", StringComparison.Ordinal) || text.Contains("using " + ns + ".", StringComparison.Ordinal) || text.Contains("global::" + ns + ".", StringComparison.Ordinal))
                .Select(ns => $"{file} uses compiler namespace {ns}"));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void ThirdPartyPackages_EnterThroughOneProject()
    {
        var violations = new List<string>();
        foreach (var (name, _, xml) in Projects("compiler").Concat(Projects("runtime")))
        {
            foreach (var pkg in xml.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value))
            {
                if (!s_packageOwner.TryGetValue(pkg, out var owner) || owner != name)
                {
                    violations.Add($"{name} references package {pkg} (owner: {s_packageOwner.GetValueOrDefault(pkg, "none")})");
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void TestProjects_GiveInternalsOnlyToTheirOwnTests()
    {
        foreach (var (name, _, xml) in Projects("compiler").Concat(Projects("runtime")))
        {
            foreach (var ivt in xml.Descendants("InternalsVisibleTo").Select(e => e.Attribute("Include")!.Value))
            {
                Assert.Equal(name + ".Tests", ivt);
            }
        }
    }

    [Fact]
    public void EveryProject_IsInTheSolution()
    {
        var sln = File.ReadAllText(Path.Combine(RepoRoot(), "Compiler.sln"));
        foreach (var (name, _, _) in Projects("compiler").Concat(Projects("runtime")).Concat(Projects("tests")))
        {
            Assert.Contains(name + ".csproj", sln, StringComparison.Ordinal);
        }
    }
}
