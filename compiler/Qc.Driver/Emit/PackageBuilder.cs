using System.Collections.Immutable;
using System.Diagnostics;
using Qc.Codegen;
using Qc.Codegen.Llvm.Kernels;
using Qc.Core.Diagnostics;
using Qc.Driver.Compile;
using Qc.Ir.Graph;
using Qc.Lowering;
using Qc.Package;

namespace Qc.Driver.Emit;

/// <summary>A package in memory: the writer with the manifest, <c>weights.bin</c> and one code section per target (add
/// recipe, plan and provenance sections, then write), and what lowering and code generation produced.</summary>
/// <param name="Writer">The sections so far.</param>
/// <param name="Manifest">The manifest in the writer.</param>
/// <param name="Targets">The targets, in manifest order.</param>
/// <param name="Lowering">What lowering's graph optimizations did (the first target's lowering).</param>
/// <param name="ArenaBytes">The arena size.</param>
/// <param name="TempBytes">The sum of all temporaries (the arena without memory reuse).</param>
/// <param name="WeightTensors">Weight buffers in the manifest.</param>
/// <param name="WeightBytes">Bytes of <c>weights.bin</c> (padding included).</param>
/// <param name="LoweringTime">Lowering time over every distinct vector width and device kind.</param>
public sealed record PackageBuild(PackageWriter Writer, PackageManifest Manifest, ImmutableArray<EmittedTarget> Targets, LoweringStatistics Lowering,
    long ArenaBytes, long TempBytes, int WeightTensors, long WeightBytes, TimeSpan LoweringTime);

/// <summary>Compiles a statically shaped graph module for targets into package sections: <see cref="GraphLowering"/> once
/// per distinct vector width and device kind (CPU or GPU), <see cref="KernelCompiler"/> per target, <see cref="PackageAssembler"/> for the manifest.</summary>
public static class PackageBuilder
{
    /// <summary>Lowers, compiles and assembles; null after reporting QC51xx/QC61xx/QC45xx diagnostics.</summary>
    /// <param name="graph">The model, every shape static (inputs pinned).</param>
    /// <param name="targets">Validated targets, at least one.</param>
    /// <param name="sourcePath">The model path diagnostics name.</param>
    /// <param name="bag">Receives every diagnostic (warnings of lowering once, not per vector width).</param>
    public static PackageBuild? Build(GraphModule graph, IReadOnlyList<TargetName> targets, string sourcePath, DiagnosticBag bag)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(bag);
        if (targets.Count == 0)
        {
            throw new ArgumentException("at least one target is needed", nameof(targets));
        }

        var descriptors = targets.Select(t => t.ToDescriptor()).ToList();
        var watch = Stopwatch.StartNew();
        // One lowering per vector width and device kind: CPU code keeps a loop parallel only when it is worth a
        // parallel_for dispatch (the grain-size rule), CUDA code keeps every parallel loop, which becomes the grid.
        static (int Width, bool Gpu) Lowering(TargetDescriptor target) => (EmitTargets.VectorWidth(target), target.IsGpu);
        var lowered = new Dictionary<(int Width, bool Gpu), LoweringResult>();
        foreach (var (width, gpu) in descriptors.Select(Lowering).Distinct())
        {
            var options = new LoweringOptions(VectorWidth: width, SourcePath: sourcePath, ParallelMinWork: gpu ? 0 : LoweringOptions.DefaultParallelMinWork,
                ParallelIterations: gpu ? LoweringOptions.GpuParallelIterations : LoweringOptions.DefaultParallelIterations);
            var result = GraphLowering.Lower(graph, options);
            bag.AddRange(lowered.Count == 0 ? result.Diagnostics : result.Diagnostics.Where(d => d.IsError));
            if (!result.Succeeded)
            {
                return null;
            }

            lowered[(width, gpu)] = result;
        }

        var loweringTime = watch.Elapsed;
        var first = lowered[Lowering(descriptors[0])];
        foreach (var other in lowered.Values)
        {
            LayoutCheck.Same(first, other);
        }

        LayoutCheck.NoAliasing(first.Module!, first.MemoryPlan!);
        var code = new List<CompiledCode>();
        var emitted = ImmutableArray.CreateBuilder<EmittedTarget>();
        foreach (var target in descriptors)
        {
            watch.Restart();
            var compiled = KernelCompiler.Compile(lowered[Lowering(target)].Module!, target);
            bag.AddRange(compiled.Diagnostics);
            if (!compiled.Succeeded)
            {
                return null;
            }

            code.Add(compiled);
            var name = target.Name.ToString();
            emitted.Add(new EmittedTarget(name, SectionNames.CodeSection(name, PackageAssembler.KindOf(target.Name)), compiled.Kernels.Length,
                compiled.CodeBytes.Length, EmitTargets.VectorWidth(target), watch.Elapsed));
        }

        var inputs = graph.Main.Parameters.Select(p => p.Name).ToList();
        var outputs = graph.Main.Outputs.Select(o => o.Name).ToList();
        if (PackageAssembler.Build(first.Module!, first.MemoryPlan!, inputs, outputs, code, CompileOutput.Version, sourcePath, bag) is not var (manifest, weights))
        {
            return null;
        }

        var writer = new PackageWriter().AddManifest(manifest);
        if (weights is not null)
        {
            writer.Add(SectionNames.Weights, weights);
        }

        for (var i = 0; i < code.Count; i++)
        {
            writer.Add(emitted[i].Section, code[i].CodeBytes);
        }

        var plan = first.MemoryPlan!;
        return new PackageBuild(writer, manifest, emitted.ToImmutable(), first.Statistics, plan.ArenaBytes, plan.TotalTempBytes,
            manifest.Buffers.Count(b => b.Kind == BufferKind.Weight), weights?.LongLength ?? 0, loweringTime);
    }
}
