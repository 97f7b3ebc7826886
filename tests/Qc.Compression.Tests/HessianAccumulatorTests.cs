using Qc.Core.Tensors;

namespace Qc.Compression.Tests;

public sealed class HessianAccumulatorTests
{
    [Fact]
    public void Dense_IsTwoOverNTimesXTransposeX()
    {
        var x = TestGraphs.Random(10 * 5, 4);
        var acc = new HessianAccumulator(5);
        acc.Add(x.AsSpan(0, 30), [6, 5]);
        acc.Add(TensorData.Create<float>([2, 2, 5], x.AsSpan(30, 20)));
        acc.Count.ShouldBe(10);
        var h = acc.Hessian();
        var means = acc.FeatureMeans();
        for (var i = 0; i < 5; i++)
        {
            var m = 0.0;
            for (var v = 0; v < 10; v++)
            {
                m += x[(v * 5) + i];
            }

            means[i].ShouldBe(m / 10, 1e-12);
            for (var j = 0; j < 5; j++)
            {
                var s = 0.0;
                for (var v = 0; v < 10; v++)
                {
                    s += (double)x[(v * 5) + i] * x[(v * 5) + j];
                }

                h[(i * 5) + j].ShouldBe(2 * s / 10, 1e-12);
            }
        }

        acc.FeatureSecondMoments()[2].ShouldBe(h[12] / 2, 1e-15);
    }

    [Theory]
    [InlineData(1, 1, 0, 1)]
    [InlineData(2, 2, 1, 1)]
    [InlineData(2, 1, 1, 2)]
    [InlineData(1, 2, 2, 1)]
    public void Conv_MatchesNaiveIm2col(int group, int stride, int pad, int dilation)
    {
        const int n = 2, c = 4, h = 7, w = 6, m = 4, kh = 3, kw = 2;
        var (_, conv) = TestGraphs.Conv(m, c, kh, kw, group, stride: stride, pad: pad, dilation: dilation, n: n, h: h, w: w);
        var layer = TestGraphs.Layer(conv);
        var x = TestGraphs.Random(n * c * h * w, 21);
        var acc = HessianAccumulator.For(layer);
        acc.Add(TensorData.Create<float>([n, c, h, w], x));
        var cg = c / group;
        var f = cg * kh * kw;
        var oh = ((h + (2 * pad) - (((kh - 1) * dilation) + 1)) / stride) + 1;
        var ow = ((w + (2 * pad) - (((kw - 1) * dilation) + 1)) / stride) + 1;
        acc.Count.ShouldBe(n * oh * ow);
        for (var g = 0; g < group; g++)
        {
            var expected = new double[f * f];
            var vec = new double[f];
            for (var s = 0; s < n; s++)
            {
                for (var y = 0; y < oh; y++)
                {
                    for (var xo = 0; xo < ow; xo++)
                    {
                        for (var ci = 0; ci < cg; ci++)
                        {
                            for (var i = 0; i < kh; i++)
                            {
                                for (var j = 0; j < kw; j++)
                                {
                                    var yy = (y * stride) - pad + (i * dilation);
                                    var xx = (xo * stride) - pad + (j * dilation);
                                    vec[(ci * kh * kw) + (i * kw) + j] = yy >= 0 && yy < h && xx >= 0 && xx < w
                                        ? x[(((s * c) + (g * cg) + ci) * h * w) + (yy * w) + xx]
                                        : 0;
                                }
                            }
                        }

                        for (var a = 0; a < f; a++)
                        {
                            for (var b = 0; b < f; b++)
                            {
                                expected[(a * f) + b] += vec[a] * vec[b];
                            }
                        }
                    }
                }
            }

            var actual = acc.Hessian(g);
            for (var i = 0; i < f * f; i++)
            {
                actual[i].ShouldBe(2 * expected[i] / acc.Count, 1e-9);
            }
        }
    }

    [Fact]
    public void WrongShape_Throws()
    {
        var acc = new HessianAccumulator(4);
        Should.Throw<ArgumentException>(() => acc.Add(new float[6], [2, 3]));
    }
}
