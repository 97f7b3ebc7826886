using System.Globalization;
using Qc.Codegen;
using Qc.Core.Diagnostics;
using Qc.Driver.Compile;
using Qc.Ir.Graph;
using Qc.Package;
using Qc.Recipe.Binding;

namespace Qc.Driver.Emit;

/// <summary>The package emit of <c>qc compile</c> (the default): recipe → model (imported with the recipe's pins, or the
/// compressed model of the compile pipeline when the recipe has compression sections) → lowering per
/// vector width → code generation per target (<see cref="PackageBuilder"/>) → one <c>.qcpkg</c> (manifest, <c>weights.bin</c>, code per
/// target, <c>recipe.yaml</c>, <c>plan.json</c> when compression ran, provenance). See specs/compile.md, "Package emit".</summary>
/// <remarks>Nothing is written unless every stage succeeds; the package goes to a temporary name and is renamed.
/// Same inputs give byte-identical packages.</remarks>
public static class PackageEmit
{
    /// <summary>Runs the emit. Never throws for bad input: every problem is a diagnostic.</summary>
    public static PackageEmitOutcome Run(PackageEmitRequest request, IProgress<CompileProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bag = new DiagnosticBag();
        var compile = request.Compile;
        var front = RecipeCheck.Run(compile.RecipePath, compile.RecipeOptions);
        if (!front.Success || front.Recipe is not { Model: { } model } recipe)
        {
            bag.AddRange(front.Diagnostics);
            return new PackageEmitOutcome([.. bag]);
        }

        if (EmitTargets.Resolve(request.Targets, recipe, bag) is not { } targets)
        {
            bag.AddRange(front.Diagnostics.Where(d => !d.IsError));
            return new PackageEmitOutcome([.. bag]);
        }

        var outcome = new PackageEmitOutcome([]);
        GraphModule? graph;
        byte[]? plan = null;
        if (Compresses(recipe))
        {
            (graph, plan, outcome) = Compress(compile, recipe, bag, progress);
        }
        else
        {
            bag.AddRange(front.Diagnostics);
            graph = Import(model.Full, recipe, compile.RecipePath, bag);
        }

        if (graph is null || bag.HasErrors)
        {
            return outcome with { Diagnostics = [.. bag] };
        }

        return Build(compile, recipe, graph, plan, targets, bag, outcome);
    }

    /// <summary>True when the recipe asks for more than the float model as is: any of <c>calibration</c>,
    /// <c>quantize</c>, <c>allocate</c>, <c>prune</c>, <c>evaluate</c>.</summary>
    public static bool Compresses(BoundRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return recipe.Calibration is not null || recipe.Quantize is not null || recipe.Allocate is not null || !recipe.Prune.IsEmpty
            || recipe.Evaluate is not null;
    }

    /// <summary>The package path: <c>-o</c> when it names a <c>.qcpkg</c> file; else the recipe's <c>output:</c> file
    /// name (or <c>&lt;model&gt;.qcpkg</c>) in the <c>-o</c> folder, the folder of <c>output:</c>, or <c>out</c> next
    /// to the recipe.</summary>
    public static string OutputPath(string? given, BoundRecipe recipe, string recipePath)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        if (given is not null && given.EndsWith(".qcpkg", StringComparison.Ordinal))
        {
            return given;
        }

        var file = recipe.Output is { } o ? Path.GetFileName(o.Full) : Path.GetFileNameWithoutExtension(recipe.Model!.Full) + ".qcpkg";
        return Path.Combine(OutputFiles.Folder(given, recipe, recipePath), file);
    }

    /// <summary>Runs the compile pipeline (<c>--emit onnx</c>) into a scratch folder and imports the compressed model it
    /// wrote; keeps its plan.json bytes and its records for the report.</summary>
    private static (GraphModule? Graph, byte[]? Plan, PackageEmitOutcome Outcome) Compress(CompileRequest compile, BoundRecipe recipe, DiagnosticBag bag,
        IProgress<CompileProgress>? progress)
    {
        var scratch = Directory.CreateTempSubdirectory("qc-emit-");
        try
        {
            var compressed = CompilePhase.Run(compile with { Emit = CompileEmit.Onnx, OutputDirectory = scratch.FullName }, progress);
            bag.AddRange(compressed.Diagnostics);
            var outcome = new PackageEmitOutcome([]) { Compression = compressed with { ModelPath = null, PlanPath = null } };
            if (!compressed.Success || compressed.ModelPath is not { } modelPath || compressed.PlanPath is not { } planPath)
            {
                return (null, null, outcome);
            }

            return (Import(modelPath, recipe, compile.RecipePath, bag), File.ReadAllBytes(planPath), outcome);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static GraphModule? Import(string path, BoundRecipe recipe, string recipePath, DiagnosticBag bag)
    {
        var pins = recipe.Inputs.Select(p => p.Name + "=" + string.Join("x", p.Dims.Select(d => d.ToString(CultureInfo.InvariantCulture))));
        var import = ModelImport.Run(path, pins);
        bag.AddRange(import.Diagnostics.Where(d => d.IsError));
        if (!import.Success)
        {
            return null;
        }

        // Kernels need every shape static: a free input dimension would otherwise surface as one lowering error per op.
        var free = import.Module!.Main.Parameters.Where(p => p.Type is TensorType { IsStatic: false }).ToList();
        foreach (var p in free)
        {
            var type = (TensorType)p.Type;
            var dims = type.Dims is { } d ? string.Join(", ", d.Select(x => x.IsStatic ? x.Value!.Value : 1)) : "1, ...";
            bag.Error(EmitCodes.InputNotPinned, new FileLocation(recipePath),
                $"model input '{p.Name}' has type {type}: a package needs static shapes, and the recipe does not pin it",
                $"pin it in the recipe, e.g. 'inputs: {{ {p.Name}: [{dims}] }}' (the batch size and any other free dimension)");
        }

        return free.Count == 0 ? import.Module : null;
    }

    private static PackageEmitOutcome Build(CompileRequest compile, BoundRecipe recipe, GraphModule graph, byte[]? plan, List<TargetName> targets,
        DiagnosticBag bag, PackageEmitOutcome outcome)
    {
        var model = recipe.Model!;
        if (PackageBuilder.Build(graph, targets, model.Display, bag) is not { } build)
        {
            return outcome with { Diagnostics = [.. bag] };
        }

        var writer = build.Writer;
        var recipePath = Path.GetFullPath(compile.RecipePath);
        writer.Add(SectionNames.Recipe, File.ReadAllBytes(recipePath));
        if (plan is not null)
        {
            writer.Add(SectionNames.Plan, plan);
        }

        var calibration = plan is not null && recipe.Calibration?.Data is { } cal ? CompileData.Hash(cal.Full) : null;
        writer.AddProvenance(new PackageProvenance(build.Manifest.QcVersion, CompileData.Hash(model.Full), CompileData.Hash(recipePath), calibration));
        var path = OutputPath(compile.OutputDirectory, recipe, compile.RecipePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            writer.Write(path);
        }
        catch (Exception e) when (e is PackageException or IOException or UnauthorizedAccessException)
        {
            bag.Error(EmitCodes.CannotWritePackage, new FileLocation(path), "cannot write the package: " + e.Message,
                "pass a writable path with -o (a .qcpkg file or a folder)");
            return outcome with { Diagnostics = [.. bag] };
        }

        return outcome with { Diagnostics = [.. bag], PackagePath = path, PackageBytes = new FileInfo(path).Length, Build = build };
    }
}
