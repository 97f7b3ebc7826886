using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Driver;

/// <summary>Facts about an imported model: op counts by type, parameters, MACs/FLOPs estimate, inputs and outputs.</summary>
/// <param name="OpCounts">Ops by ONNX op type (constants excluded), sorted by count then name.</param>
/// <param name="Parameters">Elements of floating-point constants with at least two elements (weights and biases).</param>
/// <param name="ConstantBytes">Bytes of all constant data.</param>
/// <param name="Macs">Multiply-accumulates of Conv, ConvTranspose, MatMul, Gemm and their quantized forms; null when a shape is not static.</param>
/// <param name="Flops">2 x MACs plus one operation per output element of every other computing op; null when a shape is not static.</param>
/// <param name="Inputs">The graph inputs with their types.</param>
/// <param name="Outputs">The graph outputs with their types.</param>
public sealed record ModelSummary(
    ImmutableArray<(string OpType, int Count)> OpCounts,
    long Parameters,
    long ConstantBytes,
    long? Macs,
    long? Flops,
    ImmutableArray<(string Name, string Type)> Inputs,
    ImmutableArray<(string Name, string Type)> Outputs)
{
    /// <summary>Computes the summary of a module whose types have been inferred.</summary>
    public static ModelSummary Of(GraphModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long? macs = 0, flops = 0;
        foreach (var op in module.Main.AllOps())
        {
            if (op is ConstantOp)
            {
                continue;
            }

            var name = op is OpaqueOp o ? o.OpType : op.Schema.OpType;
            counts[name] = counts.GetValueOrDefault(name) + 1;
            var m = MacCounter.Macs(op);
            if (m is null)
            {
                macs = null;
                flops = null;
                continue;
            }

            macs += m;
            flops += m > 0 ? 2 * m : MacCounter.OutputElements(op) ?? 0;
        }

        long parameters = 0, bytes = 0;
        foreach (var c in module.Constants)
        {
            var n = c.Type.ElementCount ?? 0;
            bytes += c.Type.ElementType.ByteCount(n);
            if (c.Type.ElementType.IsFloat() && n >= 2)
            {
                parameters += n;
            }
        }

        return new ModelSummary(
            [.. counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value))],
            parameters,
            bytes,
            macs,
            flops,
            [.. module.Main.Parameters.Select(p => (p.Name, p.Type.ToString()))],
            [.. module.Main.Outputs.Select(p => (p.Name, p.Type.ToString()))]);
    }

    /// <summary>Formats the summary as an aligned plain-text report.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append("summary\n");
        foreach (var (n, t) in Inputs)
        {
            sb.Append("  input   ").Append(n).Append(": ").Append(t).Append('\n');
        }

        foreach (var (n, t) in Outputs)
        {
            sb.Append("  output  ").Append(n).Append(": ").Append(t).Append('\n');
        }

        sb.Append(inv, $"  parameters  {Parameters:N0} ({Human(ConstantBytes)} of constants)\n");
        sb.Append("  MACs        ").Append(Macs is { } m ? m.ToString("N0", inv) + " (" + Scaled(m) + ")" : "unknown (dynamic shapes; pin inputs with --input-shape)").Append('\n');
        sb.Append("  FLOPs       ").Append(Flops is { } f ? f.ToString("N0", inv) + " (" + Scaled(f) + ")" : "unknown").Append('\n');
        sb.Append(inv, $"  ops         {OpCounts.Sum(c => c.Count)} in {OpCounts.Length} types\n");
        var width = OpCounts.Length == 0 ? 0 : OpCounts.Max(c => c.OpType.Length);
        foreach (var (op, count) in OpCounts)
        {
            sb.Append("    ").Append(op.PadRight(width)).Append(' ').Append(count.ToString(inv).PadLeft(6)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Human(long bytes) => bytes switch
    {
        >= 1 << 20 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1 << 10 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private static string Scaled(long v) => v switch
    {
        >= 1_000_000_000 => (v / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " G",
        >= 1_000_000 => (v / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M",
        >= 1_000 => (v / 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " k",
        _ => v.ToString(CultureInfo.InvariantCulture),
    };
}
