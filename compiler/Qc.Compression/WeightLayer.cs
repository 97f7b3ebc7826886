using System.Diagnostics.CodeAnalysis;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Compression;

/// <summary>A weight-bearing op seen as a 2-D matrix <c>[rows = output channels, cols = reduced dimension]</c>.</summary>
/// <remarks>
/// The view ("matrix") is row-major float32 with <see cref="Rows"/>·<see cref="Cols"/> elements:
/// <list type="bullet">
/// <item>Conv weight [M, C/g, kh, kw]: rows M, cols C/g·kh·kw (the stored layout itself, no copy of order);
/// a grouped or depthwise conv's row r belongs to group <c>r / (M/g)</c> and sees input channels of that group only;</item>
/// <item>Gemm with transB = 1, weight [N, K]: rows N, cols K (the stored layout);</item>
/// <item>Gemm with transB = 0 and MatMul, weight [K, N]: rows N, cols K (the transpose of the stored layout).</item>
/// </list>
/// Column j of row r multiplies im2col feature j of r's group: for a conv, input channel
/// <c>group(r)·C/g + j / (kh·kw)</c> at window position <c>j mod (kh·kw)</c>.
/// </remarks>
public sealed class WeightLayer
{
    private WeightLayer(Op op, LayerKind kind, ConstantEntry weight, TensorData weightData, int rows, int cols, int groups,
        int kernelSize, int inChannels, bool transposed, ConvGeometry? conv)
    {
        Op = op;
        Kind = kind;
        Weight = weight;
        WeightData = weightData;
        Rows = rows;
        Cols = cols;
        Groups = groups;
        KernelSize = kernelSize;
        InChannels = inChannels;
        Transposed = transposed;
        Conv = conv;
    }

    /// <summary>The op.</summary>
    public Op Op { get; }

    /// <summary>The op kind.</summary>
    public LayerKind Kind { get; }

    /// <summary>The node name (or first result name) for messages.</summary>
    public string Name => CompressionDiagnostics.Name(Op);

    /// <summary>The weight constant (input 1 of the op).</summary>
    public ConstantEntry Weight { get; }

    /// <summary>The weight's float32 data in its stored layout.</summary>
    public TensorData WeightData { get; }

    /// <summary>Output channels (features): the view's row count.</summary>
    public int Rows { get; }

    /// <summary>The reduced dimension per output: C/g·kh·kw for a conv, K for Gemm/MatMul; the view's column count.</summary>
    public int Cols { get; }

    /// <summary>The conv group count (1 for Gemm/MatMul).</summary>
    public int Groups { get; }

    /// <summary>kh·kw for a conv, 1 otherwise.</summary>
    public int KernelSize { get; }

    /// <summary>Input channels (features) over all groups: C for a conv, K otherwise.</summary>
    public int InChannels { get; }

    /// <summary>True when the view is the transpose of the stored 2-D weight (Gemm transB = 0, MatMul).</summary>
    public bool Transposed { get; }

    /// <summary>The convolution window, for a conv.</summary>
    public ConvGeometry? Conv { get; }

    /// <summary>Output channels per group.</summary>
    public int RowsPerGroup => Rows / Groups;

    /// <summary>The weight axis of the output channels in the stored layout (0, or 1 for a [K, N] weight).</summary>
    public int OutputAxis => Transposed ? 1 : 0;

    /// <summary>The weight axis of the input channels in the stored layout (1, or 0 for a [K, N] weight).</summary>
    public int InputAxis => Transposed ? 0 : 1;

    /// <summary>The bias constant when the op has one (Conv input 2, Gemm C), else null.</summary>
    public ConstantEntry? Bias => Op.Input(2)?.Producer is ConstantOp { Constant.Data: not null } c && Kind != LayerKind.MatMul ? c.Constant : null;

    /// <summary>The group of view row <paramref name="row"/>.</summary>
    public int GroupOf(int row) => row / RowsPerGroup;

    /// <summary>The input channel that view element (<paramref name="row"/>, <paramref name="col"/>) multiplies.</summary>
    public int InputChannel(int row, int col) => (GroupOf(row) * (InChannels / Groups)) + (col / KernelSize);

    /// <summary>Recognizes a weight-bearing op; otherwise reports QC4201 and returns false.</summary>
    public static bool TryCreate(Op op, DiagnosticBag diagnostics, [NotNullWhen(true)] out WeightLayer? layer, Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(diagnostics);
        layer = null;
        var where = location ?? CompressionDiagnostics.Locate(op);
        var kind = op.Schema.Domain.Length == 0 ? op.Schema.OpType switch
        {
            "Conv" => LayerKind.Conv,
            "Gemm" => LayerKind.Gemm,
            "MatMul" => LayerKind.MatMul,
            _ => (LayerKind?)null,
        } : null;
        if (kind is not { } k)
        {
            CompressionDiagnostics.ReportNotWeightBearing(diagnostics, where, op, $"op type '{op.Schema}' has no weight");
            return false;
        }

        if (op.Input(1)?.Producer is not ConstantOp { Constant: { Data: { } data } entry })
        {
            CompressionDiagnostics.ReportNotWeightBearing(diagnostics, where, op, "its second input is not a constant with data");
            return false;
        }

        if (data.ElementType != ElementType.F32)
        {
            CompressionDiagnostics.ReportNotWeightBearing(diagnostics, where, op, $"its weight is {data.ElementType}, not float32");
            return false;
        }

        var dims = data.Dims;
        if (data.ElementCount > int.MaxValue || data.ElementCount == 0)
        {
            CompressionDiagnostics.ReportNotWeightBearing(diagnostics, where, op, "its weight is empty or too large");
            return false;
        }

        switch (k)
        {
            case LayerKind.Conv:
                {
                    if (dims.Length is not (3 or 4))
                    {
                        CompressionDiagnostics.ReportNotWeightBearing(diagnostics, where, op, $"only 1-D and 2-D convolutions are supported, the weight has rank {dims.Length}");
                        return false;
                    }

                    var group = (int)op.Attributes.GetInt("group", 1);
                    var m = (int)dims[0];
                    var cg = (int)dims[1];
                    if (group < 1 || m % group != 0)
                    {
                        CompressionDiagnostics.ReportNotWeightBearing(diagnostics, where, op, $"group {group} does not divide the {m} output channels");
                        return false;
                    }

                    var rank = dims.Length - 2;
                    var kh = rank == 2 ? (int)dims[2] : 1;
                    var kw = (int)dims[^1];
                    var strides = Ints(op, "strides", rank);
                    var dilations = Ints(op, "dilations", rank);
                    var pads = op.Attributes.GetInts("pads") is { } p && p.Length == 2 * rank ? p : default;
                    int[] pad4 = rank == 2
                        ? pads.IsDefault ? [0, 0, 0, 0] : [(int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3]]
                        : pads.IsDefault ? [0, 0, 0, 0] : [0, (int)pads[0], 0, (int)pads[1]];
                    var geometry = new ConvGeometry(kh, kw,
                        rank == 2 ? strides[0] : 1, strides[^1], rank == 2 ? dilations[0] : 1, dilations[^1],
                        [.. pad4], op.Attributes.GetString("auto_pad", "NOTSET"), group, cg * group, rank);
                    layer = new WeightLayer(op, k, entry, data, m, cg * kh * kw, group, kh * kw, cg * group, false, geometry);
                    return true;
                }

            default:
                {
                    if (dims.Length != 2)
                    {
                        CompressionDiagnostics.ReportNotWeightBearing(diagnostics, where, op, $"its weight has rank {dims.Length}, not 2");
                        return false;
                    }

                    var transposed = k == LayerKind.MatMul || op.Attributes.GetInt("transB", 0) == 0;
                    var (rows, cols) = transposed ? ((int)dims[1], (int)dims[0]) : ((int)dims[0], (int)dims[1]);
                    layer = new WeightLayer(op, k, entry, data, rows, cols, 1, 1, cols, transposed, null);
                    return true;
                }
        }
    }

    /// <summary>The weight as the view matrix [Rows, Cols], row-major (a new array).</summary>
    public float[] ToMatrix() => ToMatrix(WeightData.AsSpan<float>());

    /// <summary>Converts a tensor in this layer's stored weight layout to the view matrix [Rows, Cols].</summary>
    public float[] ToMatrix(ReadOnlySpan<float> stored)
    {
        CheckLength(stored.Length);
        var result = new float[stored.Length];
        if (!Transposed)
        {
            stored.CopyTo(result);
        }
        else
        {
            Transpose(stored, Cols, Rows, result);
        }

        return result;
    }

    /// <summary>Converts a view matrix [Rows, Cols] back to the stored weight layout.</summary>
    public TensorData FromMatrix(ReadOnlySpan<float> matrix)
    {
        CheckLength(matrix.Length);
        if (!Transposed)
        {
            return TensorData.Create(WeightData.Dims.AsSpan(), matrix);
        }

        var stored = new float[matrix.Length];
        Transpose(matrix, Rows, Cols, stored);
        return TensorData.Create<float>(WeightData.Dims.AsSpan(), stored);
    }

    /// <summary>The bias as one value per output channel (zeros when the op has none; Gemm: β·C, a one-element C broadcast).</summary>
    public float[] BiasValues()
    {
        var result = new float[Rows];
        if (Bias is { Data: { } data } && data.ElementType == ElementType.F32 && (data.ElementCount == Rows || data.ElementCount == 1))
        {
            if (data.ElementCount == Rows)
            {
                data.AsSpan<float>().CopyTo(result);
            }
            else
            {
                Array.Fill(result, data.AsSpan<float>()[0]);
            }

            if (Kind == LayerKind.Gemm)
            {
                var beta = Op.Attributes.GetFloat("beta", 1f);
                for (var i = 0; i < result.Length; i++)
                {
                    result[i] *= beta;
                }
            }
        }

        return result;
    }

    /// <summary>Replaces the weight constant of the op with <paramref name="weight"/> (stored layout, same dims).</summary>
    /// <remarks>The old constant stays when another op still uses it; otherwise it is removed and the new one takes its name.</remarks>
    public void ReplaceWeight(GraphModule module, TensorData weight)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(weight);
        if (!weight.Dims.AsSpan().SequenceEqual(WeightData.Dims.AsSpan()) || weight.ElementType != ElementType.F32)
        {
            throw new ArgumentException($"the new weight of '{Name}' must be float32 of the same shape");
        }

        GraphEdits.ReplaceConstantInput(module, Op, 1, weight, Weight.Name);
    }

    private void CheckLength(int length)
    {
        if (length != (long)Rows * Cols)
        {
            throw new ArgumentException($"'{Name}' has {Rows}x{Cols} weights, got {length} values");
        }
    }

    /// <summary>dst[c, r] = src[r, c] for src [rows, cols].</summary>
    internal static void Transpose(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = src.Slice(r * cols, cols);
            for (var c = 0; c < cols; c++)
            {
                dst[(c * rows) + r] = row[c];
            }
        }
    }

    private static int[] Ints(Op op, string name, int rank)
    {
        var result = new int[rank];
        Array.Fill(result, 1);
        if (op.Attributes.GetInts(name) is { } v && v.Length == rank)
        {
            for (var i = 0; i < rank; i++)
            {
                result[i] = (int)Math.Max(1, v[i]);
            }
        }

        return result;
    }
}
