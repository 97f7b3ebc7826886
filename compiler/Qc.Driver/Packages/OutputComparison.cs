using Qc.Package;

namespace Qc.Driver.Packages;

/// <summary>How one output of a package compares with ONNX Runtime's over all samples (specs/cli.md, <c>qc verify</c>).</summary>
/// <param name="Name">The output's name.</param>
/// <param name="DType">Its element type.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Elements">Elements compared (over all samples).</param>
/// <param name="MaxAbsError">max |qc − ref|.</param>
/// <param name="MaxRelError">max |qc − ref| / max(|ref|, 1e-6 · max |ref| of the sample).</param>
/// <param name="SqnrDb">10 · log10(Σ ref² / Σ (qc − ref)²): +∞ when equal, −∞ when NaNs differ.</param>
/// <param name="Cosine">Cosine similarity over elements finite in both (1 when both are all zero).</param>
/// <param name="NanMismatches">Elements that are NaN in exactly one of the two.</param>
/// <param name="Passed">True when <paramref name="SqnrDb"/> is at least the threshold.</param>
/// <param name="ReferenceMaxAbs">max |ref| over finite reference elements: when it is tiny, the output carries no signal on
/// these inputs and SQNR measures rounding differences only.</param>
public sealed record OutputComparison(
    string Name, QcDType DType, IReadOnlyList<long> Shape, long Elements, double MaxAbsError, double MaxRelError, double SqnrDb, double Cosine,
    long NanMismatches, bool Passed, double ReferenceMaxAbs);

/// <summary>Accumulates the error statistics of one output over samples.</summary>
internal sealed class ComparisonAccumulator
{
    private double _signal;
    private double _noise;
    private double _dot;
    private double _qq;
    private double _rr;
    private double _maxAbs;
    private double _maxRel;
    private long _elements;
    private long _nanMismatches;
    private double _referenceMaxAbs;

    public void Add(ReadOnlySpan<double> qc, ReadOnlySpan<double> reference)
    {
        var largest = 0.0;
        foreach (var r in reference)
        {
            if (double.IsFinite(r))
            {
                largest = Math.Max(largest, Math.Abs(r));
            }
        }

        _referenceMaxAbs = Math.Max(_referenceMaxAbs, largest);
        var floor = 1e-6 * largest;
        for (var i = 0; i < qc.Length; i++)
        {
            var (q, r) = (qc[i], reference[i]);
            _elements++;
            if (q.Equals(r))
            {
                Accumulate(q, r, 0);
                continue;
            }

            if (double.IsNaN(q) || double.IsNaN(r))
            {
                _nanMismatches++;
                continue;
            }

            var d = Math.Abs(q - r);
            Accumulate(q, r, d);
            _maxAbs = Math.Max(_maxAbs, d);
            var denominator = Math.Max(Math.Abs(r), floor);
            _maxRel = Math.Max(_maxRel, denominator > 0 ? d / denominator : double.PositiveInfinity);
        }
    }

    public OutputComparison Result(ManifestTensor output, double thresholdDb)
    {
        var sqnr = _nanMismatches > 0 ? double.NegativeInfinity
            : _noise == 0 ? double.PositiveInfinity
            : _signal == 0 ? double.NegativeInfinity
            : 10 * Math.Log10(_signal / _noise);
        var cosine = _qq == 0 && _rr == 0 ? 1 : _qq == 0 || _rr == 0 ? 0 : _dot / Math.Sqrt(_qq * _rr);
        return new OutputComparison(output.Name, output.DType, output.Shape, _elements, _maxAbs, _maxRel, sqnr, cosine, _nanMismatches,
            sqnr >= thresholdDb, _referenceMaxAbs);
    }

    private void Accumulate(double q, double r, double d)
    {
        if (!double.IsNaN(r))
        {
            _signal += r * r;
        }

        _noise += d * d;
        if (double.IsFinite(q) && double.IsFinite(r))
        {
            _dot += q * r;
            _qq += q * q;
            _rr += r * r;
        }
    }
}
