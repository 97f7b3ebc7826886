using System.Globalization;

namespace Qc.Package;

/// <summary>The rules of <c>manifest.json</c> beyond its JSON shape (specs/package.md, "Manifest rules").</summary>
internal static class ManifestValidator
{
    /// <summary>The alignment of weight and arena offsets, and of the arena size.</summary>
    public const int BufferAlignment = 64;

    /// <summary>The most threads a CUDA block may have.</summary>
    public const int MaxBlockThreads = 1024;

    /// <summary>Checks every rule; with <paramref name="sections"/> (name → length) also that code sections exist and weights
    /// lie inside <c>weights.bin</c>.</summary>
    /// <exception cref="PackageException">The first broken rule, naming the field.</exception>
    public static void Validate(PackageManifest m, IReadOnlyDictionary<string, long>? sections)
    {
        if (m.Format != PackageManifest.CurrentFormat)
        {
            throw Bad("format", $"unsupported manifest format {m.Format} (this reader understands {PackageManifest.CurrentFormat})");
        }

        if (string.IsNullOrEmpty(m.QcVersion))
        {
            throw Bad("qcVersion", "must not be empty");
        }

        if (m.ArenaBytes < 0 || m.ArenaBytes % BufferAlignment != 0)
        {
            throw Bad("arenaBytes", $"must be a non-negative multiple of {BufferAlignment}, not {m.ArenaBytes}");
        }

        var buffers = NotNull(m.Buffers, "buffers");
        var names = new HashSet<string>(StringComparer.Ordinal);
        long? weightsLength = sections is null ? null : sections.TryGetValue(SectionNames.Weights, out var w) ? w : 0;
        for (var i = 0; i < buffers.Count; i++)
        {
            var field = $"buffers[{i}]";
            var b = buffers[i] ?? throw Bad(field, "must not be null");
            if (b.Id != i)
            {
                throw Bad(field + ".id", $"must equal the buffer's position {i}, not {b.Id}");
            }

            if (string.IsNullOrEmpty(b.Name))
            {
                throw Bad(field + ".name", "must not be empty");
            }

            if (!names.Add(b.Name))
            {
                throw Bad(field + ".name", $"duplicate buffer name '{b.Name}'");
            }

            CheckEnum(b.Kind, field + ".kind");
            CheckEnum(b.DType, field + ".dtype");
            var size = CheckShape(b.Shape, b.DType, field);
            if (b.Bytes != size)
            {
                throw Bad(field + ".bytes", $"must be {size} for {QcDTypes.Name(b.DType)} {FormatShape(b.Shape)}, not {b.Bytes}");
            }

            switch (b.Kind)
            {
                case BufferKind.Input or BufferKind.Output:
                    if (b.Offset is not null)
                    {
                        throw Bad(field + ".offset", $"must be absent for {Name(b.Kind)} buffers");
                    }

                    break;
                case BufferKind.Weight:
                    var wo = CheckOffset(b, field);
                    if (weightsLength is { } length && wo + b.Bytes > length)
                    {
                        if (length == 0 && sections is not null && !sections.ContainsKey(SectionNames.Weights))
                        {
                            throw new PackageException(PackageErrorCode.MissingSection,
                                $"missing section '{SectionNames.Weights}' (buffer '{b.Name}' is a weight)", SectionNames.Weights);
                        }

                        throw Bad(field + ".offset", $"weight bytes [{wo}, {wo + b.Bytes}) lie outside '{SectionNames.Weights}' ({length} bytes)");
                    }

                    break;
                case BufferKind.Arena:
                    var ao = CheckOffset(b, field);
                    if (ao + b.Bytes > m.ArenaBytes)
                    {
                        throw Bad(field + ".offset", $"arena bytes [{ao}, {ao + b.Bytes}) lie outside the arena ({m.ArenaBytes} bytes)");
                    }

                    break;
            }
        }

        CheckInterface(NotNull(m.Inputs, "inputs"), "inputs", BufferKind.Input, buffers);
        CheckInterface(NotNull(m.Outputs, "outputs"), "outputs", BufferKind.Output, buffers);
        CheckTargets(NotNull(m.Targets, "targets"), buffers.Count, sections);
    }

    private static void CheckInterface(IReadOnlyList<ManifestTensor> tensors, string list, BufferKind kind, IReadOnlyList<ManifestBuffer> buffers)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var used = new HashSet<int>();
        for (var i = 0; i < tensors.Count; i++)
        {
            var field = $"{list}[{i}]";
            var t = tensors[i] ?? throw Bad(field, "must not be null");
            if (string.IsNullOrEmpty(t.Name))
            {
                throw Bad(field + ".name", "must not be empty");
            }

            if (!names.Add(t.Name))
            {
                throw Bad(field + ".name", $"duplicate name '{t.Name}'");
            }

            CheckEnum(t.DType, field + ".dtype");
            _ = CheckShape(t.Shape, t.DType, field);
            if ((uint)t.Buffer >= (uint)buffers.Count)
            {
                throw Bad(field + ".buffer", $"no buffer {t.Buffer} (there are {buffers.Count})");
            }

            var b = buffers[t.Buffer];
            if (b.Kind != kind)
            {
                throw Bad(field + ".buffer", $"buffer {t.Buffer} ('{b.Name}') is {Name(b.Kind)}, not {Name(kind)}");
            }

            if (!used.Add(t.Buffer))
            {
                throw Bad(field + ".buffer", $"buffer {t.Buffer} is listed twice");
            }

            if (b.DType != t.DType || !b.Shape.SequenceEqual(t.Shape))
            {
                throw Bad(field, $"'{t.Name}' is {QcDTypes.Name(t.DType)} {FormatShape(t.Shape)} but its buffer {t.Buffer} is {QcDTypes.Name(b.DType)} {FormatShape(b.Shape)}");
            }
        }

        for (var i = 0; i < buffers.Count; i++)
        {
            if (buffers[i].Kind == kind && !used.Contains(i))
            {
                throw Bad($"buffers[{i}].kind", $"{Name(kind)} buffer '{buffers[i].Name}' is not listed in '{list}'");
            }
        }
    }

    private static void CheckTargets(IReadOnlyList<ManifestTarget> targets, int bufferCount, IReadOnlyDictionary<string, long>? sections)
    {
        if (targets.Count == 0)
        {
            throw Bad("targets", "a package needs at least one target");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < targets.Count; i++)
        {
            var field = $"targets[{i}]";
            var t = targets[i] ?? throw Bad(field, "must not be null");
            if (string.IsNullOrEmpty(t.Name))
            {
                throw Bad(field + ".name", "must not be empty");
            }

            if (!names.Add(t.Name))
            {
                throw Bad(field + ".name", $"duplicate target '{t.Name}'");
            }

            CheckEnum(t.Kind, field + ".kind");
            if (!SectionNames.IsValid(t.Code) || !t.Code.StartsWith(SectionNames.CodePrefix, StringComparison.Ordinal))
            {
                throw Bad(field + ".code", $"'{t.Code}' is not a code section name (code/...)");
            }

            if (!codes.Add(t.Code))
            {
                throw Bad(field + ".code", $"section '{t.Code}' is used by two targets");
            }

            if (sections is not null && !sections.ContainsKey(t.Code))
            {
                throw new PackageException(PackageErrorCode.MissingSection,
                    $"missing section '{t.Code}' (code of target '{t.Name}')", t.Code);
            }

            var kernels = NotNull(t.Kernels, field + ".kernels");
            for (var k = 0; k < kernels.Count; k++)
            {
                CheckKernel(kernels[k], $"{field}.kernels[{k}]", t.Kind, bufferCount);
            }
        }
    }

    private static void CheckKernel(ManifestKernel? kernel, string field, TargetKind kind, int bufferCount)
    {
        var k = kernel ?? throw Bad(field, "must not be null");
        if (string.IsNullOrEmpty(k.Name))
        {
            throw Bad(field + ".name", "must not be empty");
        }

        if (!IsCIdentifier(k.Symbol))
        {
            throw Bad(field + ".symbol", $"'{k.Symbol}' is not a C identifier");
        }

        var args = NotNull(k.Args, field + ".args");
        for (var a = 0; a < args.Count; a++)
        {
            if ((uint)args[a] >= (uint)bufferCount)
            {
                throw Bad($"{field}.args[{a}]", $"no buffer {args[a]} (there are {bufferCount})");
            }
        }

        if (kind == TargetKind.Cpu)
        {
            if (k.Grid is not null || k.Block is not null || k.SharedBytes is not null)
            {
                throw Bad(field, "grid, block and sharedBytes are for CUDA kernels only");
            }

            return;
        }

        CheckDims(k.Grid, field + ".grid");
        CheckDims(k.Block, field + ".block");
        if ((long)k.Block![0] * k.Block[1] * k.Block[2] > MaxBlockThreads)
        {
            throw Bad(field + ".block", $"a block has at most {MaxBlockThreads} threads");
        }

        if (k.SharedBytes is not { } shared || shared < 0)
        {
            throw Bad(field + ".sharedBytes", "must be present and non-negative for CUDA kernels");
        }
    }

    private static void CheckDims(IReadOnlyList<int>? dims, string field)
    {
        if (dims is not { Count: 3 } || dims[0] < 1 || dims[1] < 1 || dims[2] < 1)
        {
            throw Bad(field, "must be three positive integers [x, y, z] for CUDA kernels");
        }
    }

    private static long CheckShape(IReadOnlyList<long>? shape, QcDType dtype, string field)
    {
        var s = NotNull(shape, field + ".shape");
        for (var d = 0; d < s.Count; d++)
        {
            if (s[d] < 0)
            {
                throw Bad($"{field}.shape[{d}]", $"dimensions must be non-negative, not {s[d]}");
            }
        }

        var size = QcDTypes.ByteSize(dtype, s);
        return size >= 0 ? size : throw Bad(field + ".shape", "the tensor's byte size overflows");
    }

    private static long CheckOffset(ManifestBuffer b, string field)
    {
        if (b.Offset is not { } offset)
        {
            throw Bad(field + ".offset", $"is required for {Name(b.Kind)} buffers");
        }

        if (offset < 0 || offset % BufferAlignment != 0)
        {
            throw Bad(field + ".offset", $"must be a non-negative multiple of {BufferAlignment}, not {offset}");
        }

        if (offset > long.MaxValue - b.Bytes)
        {
            throw Bad(field + ".offset", "offset plus size overflows");
        }

        return offset;
    }

    private static void CheckEnum<T>(T value, string field)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw Bad(field, $"unknown value {Convert.ToInt64(value, CultureInfo.InvariantCulture)}");
        }
    }

    private static IReadOnlyList<T> NotNull<T>(IReadOnlyList<T>? list, string field) => list ?? throw Bad(field, "is required");

    /// <summary>True for <c>[A-Za-z_][A-Za-z0-9_]*</c>, at most 255 characters.</summary>
    public static bool IsCIdentifier(string? s)
    {
        if (string.IsNullOrEmpty(s) || s.Length > 255 || char.IsAsciiDigit(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    internal static string FormatShape(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Name(BufferKind kind) => kind.ToString().ToLowerInvariant();

    private static PackageException Bad(string field, string what) =>
        new(PackageErrorCode.ManifestInvalid, $"manifest invalid: field '{field}': {what}", SectionNames.Manifest);
}
