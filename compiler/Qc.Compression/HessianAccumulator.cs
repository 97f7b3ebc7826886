using Qc.Core.Tensors;

namespace Qc.Compression;

/// <summary>Accumulates <c>H = 2/n Σ x xᵀ</c> (and feature means) over a layer's input vectors, in double precision.</summary>
/// <remarks>
/// An input vector x is what one output element's dot product reads: a row of the Gemm/MatMul input ([..., K]; a column
/// of A for Gemm with transA = 1), or for a conv one im2col window of one group (length C/g·kh·kw, order channel, kh,
/// kw — the column order of <see cref="WeightLayer"/>'s view; padding reads zeros). n counts vectors (samples × output
/// positions). A grouped conv keeps one Hessian per group. Batches are added one at a time; nothing but the running sums
/// (Features² + Features doubles per group) is kept.
/// </remarks>
public sealed class HessianAccumulator
{
    private const int Chunk = 128;
    private readonly double[][] _h;
    private readonly double[][] _sum;
    private readonly double[] _chunk;
    private readonly ConvGeometry? _conv;
    private readonly bool _transposedInput;

    /// <summary>An accumulator for dense inputs of <paramref name="features"/> features (a Gemm/MatMul K).</summary>
    public HessianAccumulator(int features)
        : this(features, 1, null, false)
    {
    }

    private HessianAccumulator(int features, int groups, ConvGeometry? conv, bool transposedInput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Features = features;
        Groups = groups;
        _conv = conv;
        _transposedInput = transposedInput;
        _h = new double[groups][];
        _sum = new double[groups][];
        for (var g = 0; g < groups; g++)
        {
            _h[g] = new double[(long)features * features];
            _sum[g] = new double[features];
        }

        _chunk = new double[Chunk * features];
    }

    /// <summary>Features per vector: the layer's <see cref="WeightLayer.Cols"/>.</summary>
    public int Features { get; }

    /// <summary>Independent Hessians (the conv group count, else 1).</summary>
    public int Groups { get; }

    /// <summary>Vectors accumulated per group (n).</summary>
    public long Count { get; private set; }

    /// <summary>An accumulator matching a layer's input: im2col with its window for a conv, its K for Gemm/MatMul.</summary>
    public static HessianAccumulator For(WeightLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.Kind == LayerKind.Conv
            ? new HessianAccumulator(layer.Cols, layer.Groups, layer.Conv, false)
            : new HessianAccumulator(layer.Cols, 1, null, layer.Kind == LayerKind.Gemm && layer.Op.Attributes.GetInt("transA", 0) != 0);
    }

    /// <summary>Adds one batch of the layer's input activations (float32; NCHW or NCW for a conv, [..., K] otherwise).</summary>
    /// <exception cref="ArgumentException">The batch does not have the shape the layer reads.</exception>
    public void Add(TensorData activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.ElementType != ElementType.F32)
        {
            throw new ArgumentException($"activations must be float32, got {activations.ElementType}");
        }

        Add(activations.AsSpan<float>(), activations.Dims.AsSpan());
    }

    /// <summary>Adds one batch given as row-major values and dims.</summary>
    public void Add(ReadOnlySpan<float> values, ReadOnlySpan<long> dims)
    {
        if (values.Length != TensorData.ElementCountOf(dims))
        {
            throw new ArgumentException("values do not match dims");
        }

        if (_conv is { } conv)
        {
            AddConv(values, dims, conv);
        }
        else
        {
            AddDense(values, dims);
        }
    }

    /// <summary>The Hessian <c>2/n Σ x xᵀ</c> of one group as a full symmetric Features×Features row-major matrix.</summary>
    public double[] Hessian(int group = 0)
    {
        var f = Features;
        var h = new double[(long)f * f];
        var src = _h[group];
        var scale = Count == 0 ? 0 : 2.0 / Count;
        for (var i = 0; i < f; i++)
        {
            for (var j = i; j < f; j++)
            {
                var v = src[(i * f) + j] * scale;
                h[(i * f) + j] = v;
                h[(j * f) + i] = v;
            }
        }

        return h;
    }

    /// <summary>E[x_j] per feature, groups concatenated (length Groups·Features).</summary>
    public double[] FeatureMeans()
    {
        var result = new double[Groups * Features];
        for (var g = 0; g < Groups; g++)
        {
            for (var j = 0; j < Features; j++)
            {
                result[(g * Features) + j] = Count == 0 ? 0 : _sum[g][j] / Count;
            }
        }

        return result;
    }

    /// <summary>E[x_j²] per feature (half the Hessian diagonal), groups concatenated (length Groups·Features).</summary>
    public double[] FeatureSecondMoments()
    {
        var result = new double[Groups * Features];
        for (var g = 0; g < Groups; g++)
        {
            for (var j = 0; j < Features; j++)
            {
                result[(g * Features) + j] = Count == 0 ? 0 : _h[g][(j * Features) + j] / Count;
            }
        }

        return result;
    }

    private void AddDense(ReadOnlySpan<float> values, ReadOnlySpan<long> dims)
    {
        var k = Features;
        if (dims.Length < 1 || (_transposedInput ? dims.Length != 2 || dims[0] != k : dims[^1] != k))
        {
            throw new ArgumentException($"a dense layer input must be [..., {k}]{(_transposedInput ? " (transA: [K, M])" : string.Empty)}, got [{string.Join(", ", dims.ToArray())}]");
        }

        var vectors = values.Length / k;
        var filled = 0;
        for (var v = 0; v < vectors; v++)
        {
            if (_transposedInput)
            {
                for (var j = 0; j < k; j++)
                {
                    _chunk[(j * Chunk) + filled] = values[(j * vectors) + v];
                }
            }
            else
            {
                var src = values.Slice(v * k, k);
                for (var j = 0; j < k; j++)
                {
                    _chunk[(j * Chunk) + filled] = src[j];
                }
            }

            if (++filled == Chunk)
            {
                Flush(0, filled);
                filled = 0;
            }
        }

        Flush(0, filled);
        Count += vectors;
    }

    private void AddConv(ReadOnlySpan<float> values, ReadOnlySpan<long> dims, ConvGeometry conv)
    {
        if (dims.Length != conv.SpatialRank + 2 || dims[1] != conv.InChannels)
        {
            throw new ArgumentException($"a {conv.SpatialRank}-D conv input must be [N, {conv.InChannels}, ...], got [{string.Join(", ", dims.ToArray())}]");
        }

        var n = (int)dims[0];
        var c = conv.InChannels;
        var height = conv.SpatialRank == 2 ? (int)dims[2] : 1;
        var width = (int)dims[^1];
        var (oh, ow) = conv.OutputSize(height, width);
        var (top, left, _, _) = conv.PadsFor(height, width);
        var cg = conv.ChannelsPerGroup;
        var kh = conv.KernelHeight;
        var kw = conv.KernelWidth;
        var ks = kh * kw;
        var f = Features;
        var plane = height * width;
        for (var g = 0; g < Groups; g++)
        {
            var filled = 0;
            for (var s = 0; s < n; s++)
            {
                for (var y = 0; y < oh; y++)
                {
                    for (var x = 0; x < ow; x++)
                    {
                        var dst = _chunk.AsSpan(filled);
                        var y0 = (y * conv.StrideHeight) - top;
                        var x0 = (x * conv.StrideWidth) - left;
                        for (var ci = 0; ci < cg; ci++)
                        {
                            var channel = values.Slice((((s * c) + (g * cg) + ci) * plane), plane);
                            for (var i = 0; i < kh; i++)
                            {
                                var yy = y0 + (i * conv.DilationHeight);
                                var rowOk = yy >= 0 && yy < height;
                                for (var j = 0; j < kw; j++)
                                {
                                    var xx = x0 + (j * conv.DilationWidth);
                                    dst[((ci * ks) + (i * kw) + j) * Chunk] = rowOk && xx >= 0 && xx < width ? channel[(yy * width) + xx] : 0.0;
                                }
                            }
                        }

                        if (++filled == Chunk)
                        {
                            Flush(g, filled);
                            filled = 0;
                        }
                    }
                }
            }

            Flush(g, filled);
        }

        Count += (long)n * oh * ow;
    }

    /// <summary>Adds the first <paramref name="count"/> chunk vectors to group <paramref name="group"/>'s upper triangle.</summary>
    /// <remarks>The chunk is feature-major (feature j of vector b at <c>j·Chunk + b</c>), so each H entry is one
    /// contiguous dot product over the chunk: H is read and written once per chunk.</remarks>
    private void Flush(int group, int count)
    {
        if (count == 0)
        {
            return;
        }

        var f = Features;
        var h = _h[group].AsSpan();
        var sum = _sum[group];
        for (var i = 0; i < f; i++)
        {
            var xi = _chunk.AsSpan(i * Chunk, count);
            var s = 0.0;
            var nonzero = false;
            foreach (var v in xi)
            {
                s += v;
                nonzero |= v != 0;
            }

            sum[i] += s;
            if (!nonzero)
            {
                continue;
            }

            var row = h.Slice(i * f, f);
            for (var j = i; j < f; j++)
            {
                row[j] += VectorMath.Dot(xi, _chunk.AsSpan(j * Chunk, count));
            }
        }
    }
}
