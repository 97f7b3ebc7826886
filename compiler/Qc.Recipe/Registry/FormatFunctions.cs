using System.Collections.Immutable;
using System.Globalization;
using Qc.Formats;

namespace Qc.Recipe.Registry;

/// <summary>The recipe's view of the number formats of <see cref="FormatRegistry"/>: one <see cref="FunctionSpec"/> per
/// format, its parameters taken from the format's arguments. Qc.Formats owns the formats, their arguments and the
/// validation of argument combinations; the recipe adds only what depends on the layer or the recipe:
/// <c>per_channel</c> (one scale per output channel, on whichever axis that is for the op), the grouping of the
/// exclusive flags into one choice each (<c>per_tensor|per_channel</c>, <c>symmetric|asymmetric</c>), and
/// <c>rounding</c> (how weights are rounded, a property of the quantization run rather than of the format).</summary>
internal static class FormatFunctions
{
    /// <summary>Every format of <see cref="FormatRegistry.Formats"/>, in its order.</summary>
    public static IEnumerable<FunctionSpec> All() => FormatRegistry.Formats.Select(Create);

    /// <summary>The recipe function of one format.</summary>
    public static FunctionSpec Create(FormatDescriptor descriptor)
    {
        // The format with no arguments: its code width and default granularity.
        if (!FormatRegistry.TryCreate(descriptor.Name, [], out var plain, out var error))
        {
            throw new InvalidOperationException($"format '{descriptor.Name}' has no default form: {error}");
        }

        var defaultGroup = plain.Granularity as Grouped;
        var parameters = new List<ParameterSpec>();
        foreach (var argument in descriptor.Arguments)
        {
            switch (argument.Name)
            {
                case "per_tensor":
                    parameters.Add(new ParameterSpec("granularity", ParameterType.Choice,
                        "per_tensor: one scale for the tensor; per_channel: one scale per output channel (the default for weights without group; activations are per tensor)")
                    {
                        Choices = ["per_tensor", "per_channel"], PrintAsFlag = true,
                    });
                    break;
                case "symmetric":
                    parameters.Add(new ParameterSpec("scheme", ParameterType.Choice,
                        "symmetric (zero point 0, nothing stored) or asymmetric (a stored zero point per scale); default: symmetric for signed weights, asymmetric for activations and unsigned formats")
                    {
                        Choices = ["symmetric", "asymmetric"], PrintAsFlag = true,
                    });
                    break;
                case "asymmetric":
                    break; // the second choice of "scheme"
                case "axis":
                    parameters.Add(new ParameterSpec("axis", ParameterType.Integer,
                        "a weight axis: without group, per-channel scales along it; with group, the axis groups run along (negative counts from the end; default: the layer's output-channel axis, and the reduced dimension for groups)")
                    {
                        Min = -8, Max = 7, WeightsOnly = true,
                    });
                    break;
                case "group":
                    parameters.Add(new ParameterSpec("group", ParameterType.Integer,
                        "one scale per group of this many consecutive weights along the reduced dimension")
                    {
                        Min = 1, Max = 1 << 20, DefaultNumber = defaultGroup?.Size, WeightsOnly = true,
                    });
                    break;
                case "zero_bits":
                    parameters.Add(new ParameterSpec("zero_bits", ParameterType.Integer, argument.Description)
                    {
                        Min = plain.CodeBits, Max = 16,
                    });
                    break;
                default:
                    parameters.Add(argument.Kind switch
                    {
                        FormatArgumentKind.Choice => new ParameterSpec(argument.Name, ParameterType.Choice, argument.Description)
                        {
                            Choices = argument.Choices, DefaultChoice = argument.Default.Length == 0 ? null : argument.Default,
                        },
                        FormatArgumentKind.Integer => new ParameterSpec(argument.Name, ParameterType.Integer, argument.Description),
                        _ => throw new InvalidOperationException($"format '{descriptor.Name}': flag '{argument.Name}' has no recipe parameter"),
                    });
                    break;
            }
        }

        if (plain is IntegerFormat)
        {
            parameters.Add(new ParameterSpec("rounding", ParameterType.Choice, "how weights are rounded: to nearest, or by GPTQ or AdaRound on calibration data")
            {
                Choices = ["nearest", "gptq", "adaround"], DefaultChoice = "nearest", WeightsOnly = true, PrintAsFlag = true,
            });
        }

        var bits = plain.CodeBits.ToString(CultureInfo.InvariantCulture);
        return new FunctionSpec(descriptor.Name, FunctionKind.Format, descriptor.Description, [.. parameters])
        {
            Bits = plain.CodeBits,
            // Activations are quantized per tensor at run time; formats that need groups to be accurate are weight formats.
            ActivationCapable = defaultGroup is null,
            Example = defaultGroup is not null ? $"{descriptor.Name}(group={defaultGroup.Size.ToString(CultureInfo.InvariantCulture)})"
                : plain is IntegerFormat ? $"{descriptor.Name}(per_channel)" : descriptor.Name,
            IsNumberFormat = true,
        };
    }

    /// <summary>The arguments of a bound format call as Qc.Formats reads them: choices of the grouped flags become flags,
    /// <c>per_channel</c> becomes an axis (its value is resolved per layer and does not matter for validation), and
    /// <c>rounding</c> is left out.</summary>
    public static ImmutableArray<FormatArgumentSyntax> ToFormatArguments(IEnumerable<(string Name, double? Number, string? Choice)> arguments)
    {
        var result = ImmutableArray.CreateBuilder<FormatArgumentSyntax>();
        var hasAxis = arguments.Any(a => a.Name == "axis");
        foreach (var (name, number, choice) in arguments)
        {
            switch (name)
            {
                case "rounding":
                    break;
                case "granularity" when choice == "per_channel":
                    if (!hasAxis)
                    {
                        result.Add(new FormatArgumentSyntax("axis", "0"));
                    }

                    break;
                case "granularity" or "scheme":
                    result.Add(new FormatArgumentSyntax(choice!, null));
                    break;
                default:
                    result.Add(new FormatArgumentSyntax(name, choice ?? ((long)(number ?? 0)).ToString(CultureInfo.InvariantCulture)));
                    break;
            }
        }

        return result.ToImmutable();
    }
}
