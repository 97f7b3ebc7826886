using System.Collections.Immutable;
using System.Globalization;

namespace Qc.Formats;

/// <summary>The number formats by name, their arguments, and validated construction from parsed arguments.</summary>
/// <remarks>The recipe binder calls <see cref="TryCreate"/> to validate <c>name(arg, key=value)</c> text; error messages
/// are one line, start with the format name and say what was expected.</remarks>
public static class FormatRegistry
{
    private static readonly ImmutableArray<string> s_scaleChoices = ["f32", "f16", "e8m0"];
    private static readonly ImmutableArray<string> s_tableScaleChoices = ["none", "f32", "f16", "e8m0"];

    private static readonly ImmutableArray<FormatDescriptor> s_formats = BuildFormats();

    /// <summary>Every format, integer formats first, in a fixed order.</summary>
    public static ImmutableArray<FormatDescriptor> Formats => s_formats;

    /// <summary>The format names, in <see cref="Formats"/> order.</summary>
    public static ImmutableArray<string> Names { get; } = s_formats.Select(f => f.Name).ToImmutableArray();

    /// <summary>Looks up a format descriptor by name (ordinal, case-sensitive).</summary>
    public static FormatDescriptor? Find(string name)
    {
        foreach (var f in s_formats)
        {
            if (f.Name == name)
            {
                return f;
            }
        }

        return null;
    }

    /// <summary>Builds a validated format from a name and its arguments; on failure returns false and a one-line error.</summary>
    public static bool TryCreate(
        string name,
        IReadOnlyList<FormatArgumentSyntax> args,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NumberFormat? format,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(args);
        format = null;
        var descriptor = Find(name);
        if (descriptor is null)
        {
            error = $"unknown number format '{name}'; known formats: {string.Join(", ", Names)}";
            return false;
        }

        var flags = new HashSet<string>(StringComparer.Ordinal);
        var ints = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arg in args)
        {
            var spec = descriptor.Arguments.FirstOrDefault(a => a.Name == arg.Name);
            if (spec is null)
            {
                error = $"{name}: unknown argument '{arg.Name}'; expected one of {string.Join(", ", descriptor.Arguments.Select(a => a.Name))}";
                return false;
            }

            if (!seen.Add(arg.Name))
            {
                error = $"{name}: argument '{arg.Name}' is given more than once";
                return false;
            }

            switch (spec.Kind)
            {
                case FormatArgumentKind.Flag:
                    if (arg.Value is not null)
                    {
                        error = $"{name}: '{arg.Name}' is a flag and takes no value (write '{arg.Name}', not '{arg.Name}={arg.Value}')";
                        return false;
                    }

                    flags.Add(arg.Name);
                    break;
                case FormatArgumentKind.Integer:
                    if (arg.Value is null || !int.TryParse(arg.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                    {
                        error = $"{name}: argument '{arg.Name}' expects an integer ({arg.Name}=<integer>), got {(arg.Value is null ? "no value" : $"'{arg.Value}'")}";
                        return false;
                    }

                    ints[arg.Name] = v;
                    break;
                case FormatArgumentKind.Choice:
                    if (arg.Value is null || !spec.Choices.Contains(arg.Value))
                    {
                        error = $"{name}: argument '{arg.Name}' must be one of {string.Join(", ", spec.Choices)}, got {(arg.Value is null ? "no value" : $"'{arg.Value}'")}";
                        return false;
                    }

                    words[arg.Name] = arg.Value;
                    break;
                default:
                    throw new System.Diagnostics.UnreachableException(spec.Kind.ToString());
            }
        }

        var kind = TableKindOf(name);
        Granularity? defaultGranularity = kind is { } k ? TableFormat.DefaultGranularity(k) : PerTensor.Instance;
        if (!TryGranularity(name, flags, ints, defaultGranularity, out var granularity, out error))
        {
            return false;
        }

        if (kind is { } tableKind)
        {
            var scale = words.TryGetValue("scale", out var s) ? ParseScale(s) : TableFormat.DefaultScale(tableKind);
            if (scale == ScalePrecision.None && granularity is not PerTensor)
            {
                error = $"{name}: scale=none needs per_tensor granularity (got {granularity.ToText()})";
                return false;
            }

            format = new TableFormat(tableKind, granularity, scale);
            return true;
        }

        var signed = name.StartsWith("int", StringComparison.Ordinal);
        var bits = int.Parse(name.AsSpan(signed ? 3 : 4), CultureInfo.InvariantCulture);
        if (flags.Contains("symmetric") && flags.Contains("asymmetric"))
        {
            error = $"{name}: 'symmetric' and 'asymmetric' exclude each other";
            return false;
        }

        var symmetric = flags.Contains("symmetric") || (signed && !flags.Contains("asymmetric"));
        if (!signed && symmetric)
        {
            error = $"{name}: an unsigned format cannot be symmetric; use int{bits}(symmetric) or {name}(asymmetric)";
            return false;
        }

        var range = IntegerRange.Full;
        if (words.TryGetValue("range", out var r) && r == "restricted")
        {
            if (!signed)
            {
                error = $"{name}: range=restricted applies to signed formats only";
                return false;
            }

            range = IntegerRange.Restricted;
        }

        var zeroBits = bits;
        if (ints.TryGetValue("zero_bits", out var zb))
        {
            if (symmetric)
            {
                error = $"{name}: zero_bits needs an asymmetric format (symmetric formats store no zero point)";
                return false;
            }

            if (zb < bits || zb > 16)
            {
                error = $"{name}: zero_bits must be between {bits} and 16, got {zb}";
                return false;
            }

            zeroBits = zb;
        }

        var intScale = words.TryGetValue("scale", out var sc) ? ParseScale(sc) : ScalePrecision.F32;
        format = new IntegerFormat(bits, signed, symmetric, range, granularity, intScale, zeroBits);
        return true;
    }

    /// <summary>The recipe word of a scale precision.</summary>
    public static string ScaleText(ScalePrecision scale) => scale switch
    {
        ScalePrecision.None => "none",
        ScalePrecision.F32 => "f32",
        ScalePrecision.F16 => "f16",
        ScalePrecision.E8M0 => "e8m0",
        _ => throw new System.Diagnostics.UnreachableException(scale.ToString()),
    };

    private static ScalePrecision ParseScale(string text) => text switch
    {
        "none" => ScalePrecision.None,
        "f32" => ScalePrecision.F32,
        "f16" => ScalePrecision.F16,
        "e8m0" => ScalePrecision.E8M0,
        _ => throw new System.Diagnostics.UnreachableException(text),
    };

    private static TableKind? TableKindOf(string name) => name switch
    {
        "fp8_e4m3" => TableKind.Fp8E4M3,
        "fp8_e5m2" => TableKind.Fp8E5M2,
        "fp4_e2m1" => TableKind.Fp4E2M1,
        "nf4" => TableKind.Nf4,
        _ => null,
    };

    private static bool TryGranularity(
        string name,
        HashSet<string> flags,
        Dictionary<string, int> ints,
        Granularity defaultGranularity,
        out Granularity granularity,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        granularity = defaultGranularity;
        error = null;
        var hasAxis = ints.TryGetValue("axis", out var axis);
        var hasGroup = ints.TryGetValue("group", out var group);
        if (flags.Contains("per_tensor"))
        {
            if (hasAxis || hasGroup)
            {
                error = $"{name}: 'per_tensor' cannot be combined with {(hasGroup ? "group" : "axis")}";
                return false;
            }

            granularity = PerTensor.Instance;
            return true;
        }

        if (hasGroup)
        {
            if (group <= 0)
            {
                error = $"{name}: group must be a positive integer, got {group}";
                return false;
            }

            granularity = new Grouped(group, hasAxis ? axis : Grouped.DefaultAxis);
            return true;
        }

        if (hasAxis)
        {
            // For formats whose default is grouped, axis alone moves the groups; otherwise it selects per-channel.
            granularity = defaultGranularity is Grouped g ? g with { Axis = axis } : new PerChannel(axis);
        }

        return true;
    }

    private static ImmutableArray<FormatDescriptor> BuildFormats()
    {
        var b = ImmutableArray.CreateBuilder<FormatDescriptor>();
        foreach (var signed in new[] { true, false })
        {
            foreach (var bits in new[] { 2, 3, 4, 8 })
            {
                var name = (signed ? "int" : "uint") + bits.ToString(CultureInfo.InvariantCulture);
                b.Add(new FormatDescriptor(
                    name,
                    $"{(signed ? "signed" : "unsigned")} {bits}-bit uniform affine integers",
                    [
                        Flag("per_tensor", "one scale for the whole tensor (the default)"),
                        Int("axis", "per-channel axis, or the group axis with group= (default 1)", "0"),
                        Int("group", "group size g along axis; a ragged last group when g does not divide the axis", string.Empty),
                        Flag("symmetric", signed ? "zero point 0 (the default for signed formats)" : "not allowed for unsigned formats"),
                        Flag("asymmetric", signed ? "a stored zero point per scale" : "a stored zero point per scale (the default for unsigned formats)"),
                        Choice("range", ["full", "restricted"], "full", "signed code range: full −2^(b−1)…2^(b−1)−1 or restricted ±(2^(b−1)−1)"),
                        Choice("scale", s_scaleChoices, "f32", "scale storage precision"),
                        Int("zero_bits", "stored bits per zero point (asymmetric only, bits…16)", bits.ToString(CultureInfo.InvariantCulture)),
                    ]));
            }
        }

        foreach (var kind in new[] { TableKind.Fp8E4M3, TableKind.Fp8E5M2, TableKind.Fp4E2M1, TableKind.Nf4 })
        {
            var g = TableFormat.DefaultGranularity(kind);
            b.Add(new FormatDescriptor(
                TableFormat.NameOf(kind),
                kind switch
                {
                    TableKind.Fp8E4M3 => "OCP FP8 E4M3 (FN: no inf, max 448) with absmax scales",
                    TableKind.Fp8E5M2 => "OCP FP8 E5M2 (max 57344) with absmax scales",
                    TableKind.Fp4E2M1 => "OCP FP4 E2M1 with block scales (MXFP4 with the default e8m0 scales)",
                    _ => "QLoRA NormalFloat4 table with absmax blocks",
                },
                [
                    Flag("per_tensor", g is PerTensor ? "one scale for the whole tensor (the default)" : "one scale for the whole tensor"),
                    Int("axis", "per-channel axis, or the group axis with group= (default 1)", "1"),
                    Int("group", "group size g along axis; a ragged last group when g does not divide the axis", g is Grouped gr ? gr.Size.ToString(CultureInfo.InvariantCulture) : string.Empty),
                    Choice("scale", s_tableScaleChoices, ScaleText(TableFormat.DefaultScale(kind)), "scale storage precision (none: no scale, per_tensor only)"),
                ]));
        }

        return b.ToImmutable();
    }

    private static FormatArgument Flag(string name, string description) => new(name, FormatArgumentKind.Flag, string.Empty, [], description);

    private static FormatArgument Int(string name, string description, string defaultText) => new(name, FormatArgumentKind.Integer, defaultText, [], description);

    private static FormatArgument Choice(string name, ImmutableArray<string> choices, string defaultText, string description) =>
        new(name, FormatArgumentKind.Choice, defaultText, choices, description);
}
