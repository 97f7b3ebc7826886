using System.Collections.Immutable;
using System.Globalization;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Formats;

namespace Qc.Compression;

/// <summary>GPTQ weight quantization (Frantar et al., "GPTQ: Accurate Post-Training Quantization for Generative
/// Pre-trained Transformers", 2022): quantize one column at a time and push its error onto the columns not yet
/// quantized through the inverse Hessian of the layer-output error <c>‖WX − ŴX‖²</c>.</summary>
/// <remarks>
/// With <c>U</c> the upper Cholesky factor of <c>(H + λI)⁻¹</c>, <c>λ = damping·mean(diag H)</c>, column i is quantized as
/// <c>q = Q(w_i)</c> and the not-yet-quantized columns get <c>w_j −= (w_i − q)/U_ii · U_ij</c> (j &gt; i), applied
/// within a block of columns at once and to the columns after the block lazily. Dead features (H_ii = 0: silent on the
/// calibration data) get H_ii = 1, which decouples them: they keep their weights, rounded to nearest.
/// Per-tensor and per-channel scales come from the original weights; per-group scales from the current (error-updated)
/// weights when the group's first column is reached, or, with act-order, from the original weights up front (static groups).
/// Codes are produced by <see cref="Quantizer.Encode(TensorData, NumberFormat, QuantizationParameters)"/>
/// on the values each column had when it was quantized, so storage and fake-quant are exactly Qc.Formats'.
/// </remarks>
public static class Gptq
{
    private const int MaxDampingRetries = 4;

    /// <summary>Quantizes a layer with the Hessians of an accumulator filled with the layer's inputs.</summary>
    /// <returns>The quantized layer, or null with QC4202 (format), QC4207 (not positive definite) or QC4208 (statistics).</returns>
    public static QuantizedLayer? Quantize(WeightLayer layer, HessianAccumulator hessian, NumberFormat format, DiagnosticBag diagnostics,
        GptqOptions? options = null, Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var where = location ?? CompressionDiagnostics.Locate(layer.Op);
        if (hessian.Features != layer.Cols || hessian.Groups != layer.Groups || hessian.Count == 0)
        {
            CompressionDiagnostics.ReportStatisticsMismatch(diagnostics, where, layer.Name, string.Create(CultureInfo.InvariantCulture,
                $"the Hessian has {hessian.Groups} group(s) of {hessian.Features} features from {hessian.Count} vectors, the layer needs {layer.Groups} of {layer.Cols}"));
            return null;
        }

        var hessians = new double[layer.Groups][];
        for (var g = 0; g < layer.Groups; g++)
        {
            hessians[g] = hessian.Hessian(g);
        }

        return Quantize(layer, hessians, format, diagnostics, options, location);
    }

    /// <summary>Quantizes a layer with given Hessians (one Cols×Cols row-major matrix per conv group).</summary>
    public static QuantizedLayer? Quantize(WeightLayer layer, IReadOnlyList<double[]> hessians, NumberFormat format, DiagnosticBag diagnostics,
        GptqOptions? options = null, Location? location = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(hessians);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(diagnostics);
        options ??= GptqOptions.Default;
        var where = location ?? CompressionDiagnostics.Locate(layer.Op);
        if (!LayerQuantizer.TryViewFormat(layer, format, diagnostics, out var viewFormat, location))
        {
            return null;
        }

        var n = layer.Cols;
        if (hessians.Count != layer.Groups || hessians.Any(h => h is null || h.LongLength != (long)n * n))
        {
            CompressionDiagnostics.ReportStatisticsMismatch(diagnostics, where, layer.Name,
                string.Create(CultureInfo.InvariantCulture, $"GPTQ needs {layer.Groups} Hessian(s) of {n}x{n}"));
            return null;
        }

        var matrix = layer.ToMatrix();
        var rows = layer.Rows;
        var rowsPerGroup = layer.RowsPerGroup;
        var perTensor = viewFormat.Granularity is PerTensor
            ? Quantizer.ComputeParameters(TensorData.Create<float>([rows, n], matrix), viewFormat)
            : null;
        var pre = new float[matrix.Length];
        var groupSize = viewFormat.Granularity is Grouped gr ? gr.Size : 0;
        var blocks = groupSize > 0 ? (n + groupSize - 1) / groupSize : 0;
        var scales = viewFormat.Granularity switch
        {
            PerTensor => [],
            PerChannel => new float[rows],
            _ => new float[rows * blocks],
        };
        var asymmetric = viewFormat is IntegerFormat { Symmetric: false };
        var zeros = asymmetric && perTensor is null ? new int[scales.Length] : [];
        for (var g = 0; g < layer.Groups; g++)
        {
            var w = matrix.AsSpan(g * rowsPerGroup * n, rowsPerGroup * n).ToArray();
            var block = new RowBlock(w, rowsPerGroup, n, (double[])hessians[g].Clone());
            if (!block.Run(viewFormat, perTensor, options, out var damping))
            {
                CompressionDiagnostics.ReportHessianNotPositiveDefinite(diagnostics, where, layer.Name, damping);
                return null;
            }

            block.Pre.CopyTo(pre.AsSpan(g * rowsPerGroup * n));
            for (var r = 0; r < rowsPerGroup; r++)
            {
                var row = (g * rowsPerGroup) + r;
                if (groupSize > 0)
                {
                    for (var b = 0; b < blocks; b++)
                    {
                        scales[(row * blocks) + b] = block.GroupScales[b][r];
                        if (asymmetric)
                        {
                            zeros[(row * blocks) + b] = block.GroupZeros[b][r];
                        }
                    }
                }
                else if (perTensor is null)
                {
                    scales[row] = block.GroupScales[0][r];
                    if (asymmetric)
                    {
                        zeros[row] = block.GroupZeros[0][r];
                    }
                }
            }
        }

        var parameters = perTensor ?? new QuantizationParameters(
            groupSize > 0 ? [rows, blocks] : [rows], [.. scales], [.. zeros]);
        return LayerQuantizer.Encode(layer, viewFormat, pre, parameters);
    }

    /// <summary>GPTQ on one row block (all rows of a conv group) with its own Hessian.</summary>
    private sealed class RowBlock(float[] w, int rows, int cols, double[] h)
    {
        /// <summary>Each weight's value when its column was quantized, original column order.</summary>
        public float[] Pre { get; } = new float[rows * cols];

        /// <summary>Per-row scales by group (one entry for per-channel).</summary>
        public float[][] GroupScales { get; private set; } = [];

        /// <summary>Per-row zero points by group (asymmetric formats).</summary>
        public int[][] GroupZeros { get; private set; } = [];

        public bool Run(NumberFormat viewFormat, QuantizationParameters? perTensor, GptqOptions options, out double damping)
        {
            var n = cols;
            var rowFormat = viewFormat with { Granularity = new PerChannel(0) };
            var columnFormat = perTensor is null ? rowFormat : viewFormat;
            var groupSize = viewFormat.Granularity is Grouped g ? g.Size : 0;
            var blocks = groupSize > 0 ? (n + groupSize - 1) / groupSize : 1;
            GroupScales = new float[blocks][];
            GroupZeros = new int[blocks][];
            if (perTensor is null && groupSize == 0)
            {
                SetGroup(0, 0, n, rowFormat);
            }

            // Dead features: the calibration data never reaches them, so it says nothing about their weights. H_ii = 1 keeps H
            // invertible and leaves row and column i of H zero elsewhere, so U decouples the feature: its weights are rounded
            // to nearest, as they are, and no error flows to or from them. (Zeroing them, as the reference implementation does
            // for LLM hidden states, deletes a channel that is merely silent on the calibration set, e.g. a squeeze-excitation
            // gate or a ReLU channel that other images do activate.)
            for (var j = 0; j < n; j++)
            {
                if (h[(j * n) + j] == 0)
                {
                    h[(j * n) + j] = 1;
                }
            }

            var staticGroups = groupSize > 0 && options.ActOrder;
            if (staticGroups)
            {
                for (var b = 0; b < blocks; b++)
                {
                    SetGroup(b, b * groupSize, Math.Min(n, (b + 1) * groupSize), rowFormat);
                }
            }

            var perm = new int[n];
            for (var j = 0; j < n; j++)
            {
                perm[j] = j;
            }

            if (options.ActOrder)
            {
                var diag = new double[n];
                for (var j = 0; j < n; j++)
                {
                    diag[j] = h[(j * n) + j];
                }

                // Decreasing diagonal, ties by index: deterministic.
                Array.Sort(perm, (a, b) => diag[a] != diag[b] ? diag[b].CompareTo(diag[a]) : a.CompareTo(b));
                Permute(perm);
            }

            if (!TryInverseFactor(options.Damping, out var u, out damping))
            {
                return false;
            }

            var blockSize = Math.Max(1, options.BlockSize);
            if (groupSize > 0 && !staticGroups)
            {
                blockSize = groupSize >= blockSize ? groupSize : blockSize / groupSize * groupSize;
            }

            var column = new float[rows];
            for (var i1 = 0; i1 < n; i1 += blockSize)
            {
                var i2 = Math.Min(n, i1 + blockSize);
                var count = i2 - i1;
                var err = new float[rows * count];
                for (var i = i1; i < i2; i++)
                {
                    var original = perm[i];
                    if (groupSize > 0 && !staticGroups && original % groupSize == 0)
                    {
                        // Natural order: permuted position == original column, so the group's columns are i..i+g.
                        SetGroup(original / groupSize, i, Math.Min(n, i + groupSize), rowFormat);
                    }

                    for (var r = 0; r < rows; r++)
                    {
                        column[r] = w[(r * n) + i];
                    }

                    var q = QuantizeColumn(column, columnFormat, perTensor, groupSize > 0 ? original / groupSize : 0);
                    var d = u[(i * n) + i];
                    var uRow = u.AsSpan((i * n) + i + 1, i2 - i - 1);
                    for (var r = 0; r < rows; r++)
                    {
                        Pre[(r * n) + original] = column[r];
                        var e = (column[r] - q[r]) / d;
                        err[(r * count) + (i - i1)] = e;
                        if (e != 0)
                        {
                            VectorMath.Axpy(-e, uRow, w.AsSpan((r * n) + i + 1, i2 - i - 1));
                        }
                    }
                }

                if (i2 < n)
                {
                    for (var r = 0; r < rows; r++)
                    {
                        var dst = w.AsSpan((r * n) + i2, n - i2);
                        for (var k = 0; k < count; k++)
                        {
                            var e = err[(r * count) + k];
                            if (e != 0)
                            {
                                VectorMath.Axpy(-e, u.AsSpan(((i1 + k) * n) + i2, n - i2), dst);
                            }
                        }
                    }
                }
            }

            return true;
        }

        /// <summary>Scales (and zero points) of columns [c0, c1) of the current weights, one per row.</summary>
        private void SetGroup(int index, int c0, int c1, NumberFormat rowFormat)
        {
            var width = c1 - c0;
            var slice = new float[rows * width];
            for (var r = 0; r < rows; r++)
            {
                w.AsSpan((r * cols) + c0, width).CopyTo(slice.AsSpan(r * width, width));
            }

            var p = Quantizer.ComputeParameters(TensorData.Create<float>([rows, width], slice), rowFormat);
            GroupScales[index] = p.Scales.ToArray();
            GroupZeros[index] = p.ZeroPoints.ToArray();
        }

        /// <summary>Quantizes and decodes one column through Qc.Formats with the column's scales.</summary>
        private float[] QuantizeColumn(float[] column, NumberFormat columnFormat, QuantizationParameters? perTensor, int group)
        {
            var parameters = perTensor ?? new QuantizationParameters([rows],
                ImmutableArray.Create(GroupScales[group]), ImmutableArray.Create(GroupZeros[group]));
            var encoded = Quantizer.Encode(TensorData.Create<float>([rows, 1], column), columnFormat, parameters);
            return Quantizer.DecodeToArray(encoded);
        }

        /// <summary>Reorders the columns of w and both axes of h by <paramref name="perm"/> (new j = old perm[j]).</summary>
        private void Permute(int[] perm)
        {
            var n = cols;
            var row = new float[n];
            for (var r = 0; r < rows; r++)
            {
                var span = w.AsSpan(r * n, n);
                for (var j = 0; j < n; j++)
                {
                    row[j] = span[perm[j]];
                }

                row.CopyTo(span);
            }

            var hp = new double[h.Length];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    hp[(i * n) + j] = h[(perm[i] * n) + perm[j]];
                }
            }

            hp.CopyTo(h, 0);
        }

        /// <summary>U, the upper Cholesky factor of (H + λI)⁻¹, as float; retries with 10× damping when H is singular.</summary>
        private bool TryInverseFactor(double dampingFraction, out float[] u, out double damping)
        {
            var n = cols;
            var mean = 0.0;
            for (var j = 0; j < n; j++)
            {
                mean += h[(j * n) + j];
            }

            mean /= n;
            damping = dampingFraction;
            for (var attempt = 0; attempt <= MaxDampingRetries; attempt++, damping *= 10)
            {
                var a = (double[])h.Clone();
                for (var j = 0; j < n; j++)
                {
                    a[(j * n) + j] += damping * mean;
                }

                if (!Cholesky.TryFactor(a, n))
                {
                    continue;
                }

                var inverse = Cholesky.InverseFromFactor(a, n);
                if (!Cholesky.TryFactor(inverse, n))
                {
                    continue;
                }

                // inverse now holds L2 (lower) with L2·L2ᵀ = H⁻¹; U = L2ᵀ.
                u = new float[n * n];
                for (var i = 0; i < n; i++)
                {
                    for (var j = i; j < n; j++)
                    {
                        u[(i * n) + j] = (float)inverse[(j * n) + i];
                    }
                }

                return true;
            }

            u = [];
            damping /= 10;
            return false;
        }
    }
}
