using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Qc.Core.Diagnostics;
using Qc.Package;

namespace Qc.Driver.Packages;

/// <summary>Everything <c>qc inspect</c> reports about a validated package.</summary>
/// <param name="Path">The package file as given.</param>
/// <param name="Bytes">The file's length.</param>
/// <param name="Manifest">The validated manifest.</param>
/// <param name="Sections">The section table, sorted by name.</param>
/// <param name="Provenance">The provenance, when the package has one.</param>
/// <param name="Plan">A summary of <c>plan.json</c>, when the package has one.</param>
public sealed record PackageInspection(
    string Path, long Bytes, PackageManifest Manifest, ImmutableArray<PackageSection> Sections, PackageProvenance? Provenance, PackagePlanSummary? Plan)
{
    /// <summary>The bytes of all weight buffers.</summary>
    public long WeightBytes => Manifest.Buffers.Where(b => b.Kind == BufferKind.Weight).Sum(b => b.Bytes);

    /// <summary>The arena buffers (the memory plan), by offset, then id.</summary>
    public IEnumerable<ManifestBuffer> Temporaries => Manifest.Buffers.Where(b => b.Kind == BufferKind.Arena).OrderBy(b => b.Offset).ThenBy(b => b.Id);

    private long SectionBytes(string name) => Sections.FirstOrDefault(s => s.Name == name)?.Length ?? 0;

    /// <summary>The human-readable report (deterministic).</summary>
    public string Format()
    {
        var m = Manifest;
        var sb = new StringBuilder();
        sb.Append(Inv($"package {Path}: {Bytes} bytes, container format {PackageLayout.FormatVersion}, manifest format {m.Format}, written by qc {m.QcVersion}\n"));
        sb.Append("inputs:\n").Append(Tensors(m.Inputs));
        sb.Append("outputs:\n").Append(Tensors(m.Outputs));
        sb.Append("targets:\n");
        foreach (var t in m.Targets)
        {
            sb.Append(Inv($"  {t.Name}  {Kind(t.Kind)}  {t.Code}  {SectionBytes(t.Code)} B  {Count(t.Kernels.Count, "kernel")}\n"));
            var rows = new List<string[]> { new[] { "#", "kernel", "symbol", "args" } };
            rows.AddRange(t.Kernels.Select((k, i) => new[] { Inv($"{i}"), k.Name, k.Symbol, Launch(k) }));
            sb.Append(TextTable.Format(rows, "    "));
        }

        var weights = m.Buffers.Count(b => b.Kind == BufferKind.Weight);
        sb.Append(weights == 0
            ? "weights: none\n"
            : Inv($"weights: {Count(weights, "tensor")}, {WeightBytes} B in {SectionNames.Weights} ({SectionBytes(SectionNames.Weights)} B section)\n"));
        var temps = Temporaries.ToList();
        sb.Append(Inv($"memory plan: arena {m.ArenaBytes} B, {Count(temps.Count, "temporary", "temporaries")}\n"));
        if (temps.Count > 0)
        {
            var rows = new List<string[]> { new[] { "buffer", "name", "type", "bytes", "range" } };
            rows.AddRange(temps.Select(b => new[] { Inv($"{b.Id}"), b.Name, Type(b), Inv($"{b.Bytes}"), Inv($"[{b.Offset}, {b.Offset + b.Bytes})") }));
            sb.Append(TextTable.Format(rows, "  "));
        }

        sb.Append("buffers:\n");
        var buffers = new List<string[]> { new[] { "id", "name", "kind", "type", "bytes", "offset" } };
        buffers.AddRange(m.Buffers.Select(b => new[] { Inv($"{b.Id}"), b.Name, Kind(b.Kind), Type(b), Inv($"{b.Bytes}"), b.Offset is { } o ? Inv($"{o}") : "-" }));
        sb.Append(TextTable.Format(buffers, "  "));
        sb.Append("sections:\n");
        var sections = new List<string[]> { new[] { "name", "offset", "bytes", "align", "sha256" } };
        sections.AddRange(Sections.Select(s => new[] { s.Name, Inv($"{s.Offset}"), Inv($"{s.Length}"), Inv($"{s.Alignment}"), s.Sha256 }));
        sb.Append(TextTable.Format(sections, "  "));
        if (Provenance is { } p)
        {
            sb.Append(Inv($"provenance: qc {p.QcVersion}\n  model sha256        {p.ModelSha256}\n  recipe sha256       {p.RecipeSha256}\n"));
            sb.Append("  calibration sha256  ").Append(p.CalibrationSha256 ?? "none").Append('\n');
        }
        else
        {
            sb.Append("provenance: none\n");
        }

        sb.Append(Plan switch
        {
            null => "plan: none\n",
            { Layers: null } plan => Inv($"plan: {SectionNames.Plan} ({plan.Bytes} B) is not a plan this qc reads\n"),
            var plan => Inv($"plan: {Count(plan.Layers.Value, "layer")}") + (plan.Formats.Count == 0 ? "" : " (" + string.Join(", ", plan.Formats.Select(f => Inv($"{f.Key} {f.Value}"))) + ")") + "\n",
        });
        return sb.ToString();
    }

    /// <summary>The report as JSON (deterministic; schema in specs/cli.md).</summary>
    public string FormatJson() => JsonText.Write(w =>
    {
        var m = Manifest;
        w.WriteStartObject();
        w.WriteString("package", Path);
        w.WriteNumber("bytes", Bytes);
        w.WriteNumber("containerFormat", PackageLayout.FormatVersion);
        w.WriteNumber("manifestFormat", m.Format);
        w.WriteString("qcVersion", m.QcVersion);
        WriteTensors(w, "inputs", m.Inputs);
        WriteTensors(w, "outputs", m.Outputs);
        w.WriteStartArray("targets");
        foreach (var t in m.Targets)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("kind", Kind(t.Kind));
            w.WriteString("code", t.Code);
            w.WriteNumber("codeBytes", SectionBytes(t.Code));
            w.WriteStartArray("kernels");
            foreach (var k in t.Kernels)
            {
                w.WriteStartObject();
                w.WriteString("name", k.Name);
                w.WriteString("symbol", k.Symbol);
                WriteInts(w, "args", k.Args);
                if (k.Grid is not null && k.Block is not null)
                {
                    WriteInts(w, "grid", k.Grid);
                    WriteInts(w, "block", k.Block);
                    w.WriteNumber("sharedBytes", k.SharedBytes ?? 0);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("weights");
        w.WriteNumber("tensors", m.Buffers.Count(b => b.Kind == BufferKind.Weight));
        w.WriteNumber("bytes", WeightBytes);
        w.WriteNumber("sectionBytes", SectionBytes(SectionNames.Weights));
        w.WriteEndObject();
        w.WriteStartObject("memoryPlan");
        w.WriteNumber("arenaBytes", m.ArenaBytes);
        w.WriteStartArray("temporaries");
        foreach (var b in Temporaries)
        {
            w.WriteStartObject();
            w.WriteNumber("buffer", b.Id);
            w.WriteString("name", b.Name);
            w.WriteNumber("offset", b.Offset ?? 0);
            w.WriteNumber("bytes", b.Bytes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("buffers");
        foreach (var b in m.Buffers)
        {
            w.WriteStartObject();
            w.WriteNumber("id", b.Id);
            w.WriteString("name", b.Name);
            w.WriteString("kind", Kind(b.Kind));
            w.WriteString("dtype", QcDTypes.Name(b.DType));
            JsonText.WriteShape(w, "shape", b.Shape);
            w.WriteNumber("bytes", b.Bytes);
            if (b.Offset is { } o)
            {
                w.WriteNumber("offset", o);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("sections");
        foreach (var s in Sections)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteNumber("offset", s.Offset);
            w.WriteNumber("bytes", s.Length);
            w.WriteNumber("alignment", s.Alignment);
            w.WriteString("sha256", s.Sha256);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (Provenance is { } p)
        {
            w.WriteStartObject("provenance");
            w.WriteString("qcVersion", p.QcVersion);
            w.WriteString("modelSha256", p.ModelSha256);
            w.WriteString("recipeSha256", p.RecipeSha256);
            if (p.CalibrationSha256 is { } c)
            {
                w.WriteString("calibrationSha256", c);
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("provenance");
        }

        if (Plan is { } plan)
        {
            w.WriteStartObject("plan");
            w.WriteNumber("bytes", plan.Bytes);
            if (plan.Layers is { } layers)
            {
                w.WriteNumber("layers", layers);
                w.WriteStartObject("formats");
                foreach (var (format, count) in plan.Formats)
                {
                    w.WriteNumber(format, count);
                }

                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("layers");
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("plan");
        }

        w.WriteEndObject();
    });

    private string Tensors(IReadOnlyList<ManifestTensor> tensors)
    {
        if (tensors.Count == 0)
        {
            return "  none\n";
        }

        var rows = tensors.Select(t => new[] { t.Name, PackageDiagnostics.TypeText(t.DType, t.Shape), Inv($"buffer {t.Buffer}"), Inv($"{Manifest.Buffers[t.Buffer].Bytes} B") }).ToList();
        return TextTable.Format(rows, "  ");
    }

    private void WriteTensors(Utf8JsonWriter w, string name, IReadOnlyList<ManifestTensor> tensors)
    {
        w.WriteStartArray(name);
        foreach (var t in tensors)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("dtype", QcDTypes.Name(t.DType));
            JsonText.WriteShape(w, "shape", t.Shape);
            w.WriteNumber("buffer", t.Buffer);
            w.WriteNumber("bytes", Manifest.Buffers[t.Buffer].Bytes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteInts(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    private static string Launch(ManifestKernel k)
    {
        var args = string.Join(" ", k.Args.Select(a => Inv($"{a}")));
        return k.Grid is null || k.Block is null
            ? args
            : args + Inv($"  grid {string.Join(",", k.Grid)} block {string.Join(",", k.Block)} shared {k.SharedBytes ?? 0}");
    }

    private static string Type(ManifestBuffer b) => PackageDiagnostics.TypeText(b.DType, b.Shape);

    private static string Kind(BufferKind kind) => kind.ToString().ToLowerInvariant();

    private static string Kind(TargetKind kind) => kind.ToString().ToLowerInvariant();

    private static string Count(int n, string noun, string? plural = null) => Inv($"{n} {(n == 1 ? noun : plural ?? noun + "s")}");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Opens and validates a package and describes it (<c>qc inspect</c>).</summary>
public static class PackageInspect
{
    /// <summary>The inspection of the package at <paramref name="path"/>, or diagnostics (QC70xx) when it is damaged.</summary>
    public static (PackageInspection? Inspection, ImmutableArray<Diagnostic> Diagnostics) Run(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bag = new DiagnosticBag();
        try
        {
            using var package = QcPackage.Open(path);
            var plan = package.HasSection(SectionNames.Plan) ? PackagePlanSummary.Read(package.GetSpan(SectionNames.Plan)) : null;
            return (new PackageInspection(path, package.Length, package.Manifest, package.Sections, package.Provenance, plan), [.. bag]);
        }
        catch (PackageException e)
        {
            PackageDiagnostics.Package(bag, path, e);
            return (null, [.. bag]);
        }
    }
}
