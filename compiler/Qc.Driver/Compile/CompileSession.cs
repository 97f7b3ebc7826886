using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Qc.Calibration;
using Qc.Calibration.Observers;
using Qc.Compression;
using Qc.Core.Data;
using Qc.Core.Diagnostics;
using Qc.Formats;
using Qc.Ir.Graph;
using Qc.Onnx;
using Qc.Onnx.Export;
using Qc.Passes.Quantization;
using Qc.Recipe.Binding;
using Qc.Recipe.Model;
using Qc.Recipe.Planning;

namespace Qc.Driver.Compile;

/// <summary>One run of the compile phase: prepares the model and its layers, calibrates, measures sensitivities, allocates
/// in gated rounds, and keeps what plan.json and the report need. Methods run in the order <see cref="CompilePhase"/> calls them.</summary>
internal sealed partial class CompileSession
{
    private readonly CompileRequest _request;
    private readonly BoundRecipe _recipe;
    private readonly CompressionPlan _plan;
    private readonly DiagnosticBag _bag;
    private readonly IProgress<CompileProgress>? _progress;
    private readonly List<CompileLayer> _layers = [];
    private readonly string _cacheRoot;
    private GraphModule _module = null!;
    private byte[] _fp32Model = [];
    private byte[] _baseModel = [];
    private List<Sample> _subset = [];
    private float[][][] _fp32Subset = [];
    private double _baseMse;

    public CompileSession(CompileRequest request, BoundRecipe recipe, CompressionPlan plan, DiagnosticBag bag, IProgress<CompileProgress>? progress)
    {
        _request = request;
        _recipe = recipe;
        _plan = plan;
        _bag = bag;
        _progress = progress;
        _cacheRoot = request.CacheDirectory
            ?? (Environment.GetEnvironmentVariable("QC_CACHE_DIR") is { Length: > 0 } env ? env
                : Path.Combine(request.RecipeOptions?.WorkingDirectory ?? Directory.GetCurrentDirectory(), ".qc-cache"));
    }

    /// <summary>Bytes of the weight-bearing ops left in float32 outside <see cref="Layers"/> (weights and biases × 4).</summary>
    public long Float32Bytes { get; private set; }

    /// <summary>The cost model's latency of those float32 ops (weights and biases and activations in float32).</summary>
    public double Float32Seconds { get; private set; }

    /// <summary>The layers, in execution order.</summary>
    public IReadOnlyList<CompileLayer> Layers => _layers;

    /// <summary>Seconds of each step.</summary>
    public TimeSpan CalibrationTime { get; private set; }

    /// <summary>Seconds of the sensitivity measurements.</summary>
    public TimeSpan SensitivityTime { get; private set; }

    /// <summary>True when calibration statistics came from the cache.</summary>
    public bool CalibrationCached { get; private set; }

    /// <summary>True when sensitivities came from the cache.</summary>
    public bool SensitivityCached { get; private set; }

    /// <summary>The latency model of the recipe's target.</summary>
    public CostModel Cost => CostModel.For(_recipe.Target?.Triple);

    /// <summary>The exported base model (after channel pruning, before quantization).</summary>
    public byte[] BaseModel => _baseModel;

    /// <summary>The model after channel pruning.</summary>
    public GraphModule Module => _module;

    /// <summary>Imports the model with the recipe's pins, applies channel pruning, and builds the layers. False on errors.</summary>
    public bool Prepare()
    {
        var model = _recipe.Model!;
        var pins = _recipe.Inputs.Select(p => p.Name + "=" + string.Join("x", p.Dims.Select(d => d.ToString(CultureInfo.InvariantCulture))));
        var import = ModelImport.Run(model.Full, pins);
        _bag.AddRange(import.Diagnostics.Where(d => d.IsError));
        if (!import.Success)
        {
            return false;
        }

        _module = import.Module!;
        _fp32Model = Export(_module);
        foreach (var lp in _plan.Layers.Where(l => l.Prune is { Function.Name: "channel" }))
        {
            var norm = lp.PruneMethod switch
            {
                null or "magnitude" or "l1_norm" => ChannelNorm.L1,
                "l2_norm" => ChannelNorm.L2,
                _ => (ChannelNorm?)null,
            };
            if (norm is null)
            {
                Unsupported(lp.Prune!.Location, $"channel pruning by '{lp.PruneMethod}' is not implemented", "use magnitude, l1_norm or l2_norm");
                continue;
            }

            ChannelPruning.Run(_module, CompileLayer.FindOp(_module, lp.Layer.Name)!, lp.Prune!.Number("ratio") ?? 0, norm.Value, _bag);
        }

        foreach (var lp in _plan.Layers.Where(l => l.Prune is { Function.Name: not "channel" } && l.PruneMethod is not (null or "magnitude")))
        {
            Unsupported(lp.Prune!.Location, $"pruning method '{lp.PruneMethod}' is not implemented for '{lp.Layer.Name}'", "use 'method: magnitude'");
        }

        _baseModel = _bag.HasErrors ? [] : Export(_module);
        foreach (var lp in _plan.Layers)
        {
            if (CompileLayer.FindOp(_module, lp.Layer.Name) is not { } op)
            {
                continue;
            }

            // A layer the plan leaves entirely in float32 needs no weight view: one Qc.Compression cannot take (ConvTranspose)
            // stays as it is and counts at fp32.
            if (!lp.Allocated && lp.Prune is null && lp.ActivationFormat is null && lp.WeightsText == "fp32"
                && !WeightLayer.TryCreate(op, new DiagnosticBag(), out _))
            {
                Float32Bytes += lp.Layer.Params * 4;
                Float32Seconds += Cost.Seconds(lp.Layer.Params * 4, lp.Layer.Macs ?? 0, 32, 32);
                continue;
            }

            if (!WeightLayer.TryCreate(op, _bag, out var weight))
            {
                continue;
            }

            var layer = new CompileLayer(lp, weight)
            {
                Macs = (lp.Layer.Macs ?? 0) * ((double)weight.Rows * weight.Cols / Math.Max(1, lp.Layer.WeightElements)),
            };
            var prune = LayerCodec.FromPrune(lp.Prune);
            if (!lp.Allocated)
            {
                layer.Fixed = LayerCodec.From(lp.Weights, lp.WeightFormats, prune, lp.Layer, _bag);
            }
            else
            {
                for (var c = 0; c < lp.Candidates.Length; c++)
                {
                    if (LayerCodec.From(lp.Candidates[c], lp.CandidateFormats[c], prune, lp.Layer, _bag) is { } codec && codec.StoredBytes(weight) is not null)
                    {
                        layer.Candidates.Add(codec);
                    }
                }
            }

            if (lp.ActivationFormat is { } act)
            {
                if (act.Format is IntegerFormat { Bits: 4 or 8 } integer && integer.Scale is ScalePrecision.F32 or ScalePrecision.F16)
                {
                    layer.Activation = integer;
                }
                else
                {
                    _bag.Error(CompileCodes.UnsupportedActivation, lp.Activations!.Location,
                        $"the activation format '{act.Format.ToText()}' of '{lp.Layer.Name}' cannot be written as ONNX QuantizeLinear",
                        "use int8, uint8, int4 or uint4 per tensor for activations with --emit onnx");
                }
            }

            if (layer.Codecs.Any(c => c.Gptq))
            {
                layer.Hessian = HessianAccumulator.For(weight);
            }

            _layers.Add(layer);
        }

        return !_bag.HasErrors;
    }

    /// <summary>Runs calibration when anything needs it (activation ranges, GPTQ, moments, measured sensitivities). False on errors.</summary>
    public bool Calibrate()
    {
        var allocate = _recipe.Allocate;
        var needed = _layers.Any(l => l.Activation is not null || l.Hessian is not null) || allocate is not null || _request.BiasCorrection;
        if (!needed)
        {
            return true;
        }

        if (_recipe.Calibration?.Data is not { } dataPath)
        {
            _bag.Error(CompileCodes.NoCalibrationData, _recipe.Allocate?.Location ?? Location.None,
                "this recipe needs calibration data (activation ranges, GPTQ or measured sensitivities) but names none",
                "add 'calibration: { data: ..., samples: 256 }'");
            return false;
        }

        if (CompileData.Open(dataPath.Full, dataPath.Display, "calibration", CompileCodes.NoCalibrationData, _bag) is not { } data)
        {
            return false;
        }

        var observer = ObserverSpec.MinMax;
        if (_recipe.Calibration.Activations is { } spec && !ObserverSpec.TryParse(CodecPrinter.Print(spec), out observer, out var error))
        {
            _bag.Error(CompileCodes.NoCalibrationData, spec.Location, "cannot use the activation estimator: " + error);
            return false;
        }

        var watch = Stopwatch.StartNew();
        var request = new CalibrationRequest
        {
            ModelPath = _recipe.Model!.Full,
            ModelBytes = _baseModel,
            Data = data,
            Tensors = ActivationSelector.WeightInputs(_module),
            Options = new CalibrationOptions { Samples = _recipe.Calibration.Samples, Observers = [observer!], Seed = _recipe.Calibration.Seed },
            Sinks = [.. _layers.Where(l => l.Hessian is not null).Select(l => new HessianSink(l.InputName, l.Hessian!))],
        };
        var progress = _progress is null ? null : new SyncProgress<CalibrationProgress>(p =>
            _progress.Report(new CompileProgress("calibration", p.SamplesDone, p.SamplesTotal, p.Elapsed)));
        var result = new CalibrationSession(Path.Combine(_cacheRoot, "calibration")).Run(request, progress);
        _bag.AddRange(result.Diagnostics);
        CalibrationTime = watch.Elapsed;
        CalibrationCached = result.FromCache;
        if (!result.Success)
        {
            return false;
        }

        foreach (var layer in _layers)
        {
            if (result.Find(layer.InputName) is { } stats)
            {
                layer.Range = (stats.Range.Min, stats.Range.Max);
                layer.Mean = stats.Moments.Mean;
                layer.MeanSquare = stats.Moments.MeanSquare;
            }
        }

        var samples = Math.Min(_request.SensitivitySamples, _recipe.Calibration.Samples ?? long.MaxValue);
        try
        {
            _subset = CompileData.Take(data, samples);
            _fp32Subset = SensitivityAnalysis.Outputs(_fp32Model, _subset);
            var baseSubset = _layers.Count == 0 || ReferenceEquals(_baseModel, _fp32Model) ? _fp32Subset : SensitivityAnalysis.Outputs(_baseModel, _subset);
            _baseMse = SensitivityAnalysis.Measure(_baseModel, _subset, _fp32Subset, _bag)?.Mse ?? 0;
            _baseSubset = baseSubset;
        }
        catch (Exception e) when (e is Qc.OnnxRuntime.OrtException or InvalidDataException or DatasetFormatException)
        {
            _bag.Error(CompileCodes.OrtFailed, new FileLocation(dataPath.Display), "cannot run the model on the calibration data: " + e.Message);
            return false;
        }

        return !_bag.HasErrors;
    }

    private float[][][] _baseSubset = [];

    /// <summary>Measures every allocate candidate and fills its record (sizes, bit-ops, output_mse/kl, hessian_proxy, the objective).</summary>
    /// <param name="sensitivityObjective">Use the sensitivity formula as the objective even when the recipe minimizes size or
    /// bit-ops (the Pareto sweep trades size against error).</param>
    public bool MeasureSensitivities(bool sensitivityObjective = false)
    {
        if (_recipe.Allocate is not { } allocate)
        {
            return true;
        }

        var watch = Stopwatch.StartNew();
        var work = Import(_baseModel);
        var cached = SensitivityAnalysis.Run(work, [.. _layers.Where(l => l.Fixed is null)], _subset, _baseSubset,
            CompileData.Hash(_baseModel), _cacheRoot, _bag, _progress);
        SensitivityTime = watch.Elapsed;
        if (cached is null)
        {
            return false;
        }

        SensitivityCached = cached.Value;
        var formula = allocate.Sensitivity?.Expression;
        foreach (var layer in _layers.Where(l => l.Fixed is null))
        {
            for (var c = 0; c < layer.Candidates.Count; c++)
            {
                var codec = layer.Candidates[c];
                var record = layer.Records[c];
                double? proxy = null;
                if (!layer.MeanSquare.IsDefaultOrEmpty && WeightCompressor.Compress(layer.Weight, codec, layer.Hessian, _bag) is { } compressed)
                {
                    proxy = HessianProxy.Sensitivity(layer.Weight, compressed.Matrix, layer.MeanSquare.AsSpan(), new DiagnosticBag());
                }

                var size = codec.StoredBytes(layer.Weight)!.Value;
                var bops = layer.Bops(codec);
                var latency = layer.LatencySeconds(codec, Cost);
                var quantities = new Dictionary<string, double>(StringComparer.Ordinal) { ["output_mse"] = record.OutputMse, ["output_kl"] = record.OutputKl };
                if (proxy is { } p)
                {
                    quantities["hessian_proxy"] = p;
                }

                var objective = (sensitivityObjective ? null : allocate.Minimize) switch
                {
                    "size" => size,
                    "bops" => bops,
                    "latency" => latency,
                    _ => formula is null ? record.OutputMse : QuantityEvaluator.Number(formula, quantities),
                };
                if (objective is null || !double.IsFinite(objective.Value))
                {
                    _bag.Error(CompileCodes.UnsupportedBudget, allocate.Sensitivity?.Location ?? allocate.Location,
                        $"cannot evaluate the sensitivity of '{layer.Name}' under '{codec.Name}': 'hessian_proxy' needs calibration moments of its input");
                    return false;
                }

                layer.Records[c] = record with { StoredBytes = size, Bops = bops, HessianProxy = proxy, Objective = objective.Value, LatencySeconds = latency };
            }
        }

        return !_bag.HasErrors;
    }

    /// <summary>The compressed model for a choice of codec per layer (fixed codecs for the others): QDQ ONNX bytes; with
    /// <paramref name="simulate"/>, qc's own simulation instead: every weight replaced by its decoded float32 values
    /// (<c>Quantizer.Decode</c>), activations through the same QuantizeLinear → DequantizeLinear.</summary>
    public byte[]? Apply(IReadOnlyDictionary<string, LayerCodec> choices, bool simulate = false)
    {
        var module = Import(_baseModel);
        var plan = new Dictionary<string, LayerQuantization>(StringComparer.Ordinal);
        foreach (var layer in _layers)
        {
            var codec = layer.Fixed ?? choices[layer.Name];
            if (!WeightLayer.TryCreate(CompileLayer.FindOp(module, layer.Name)!, _bag, out var weight)
                || WeightCompressor.Compress(weight, codec, layer.Hessian, _bag) is not { } compressed)
            {
                return null;
            }

            var changed = codec.Format is not null || codec.Cast != WeightCast.None || codec.Sparsity is not null;
            if (_request.BiasCorrection && changed && !layer.Mean.IsDefaultOrEmpty
                && BiasCorrection.CorrectedBias(weight, compressed.Matrix, layer.Mean.AsSpan(), _bag) is { } bias)
            {
                BiasCorrection.Apply(module, weight, bias, _bag);
                WeightLayer.TryCreate(CompileLayer.FindOp(module, layer.Name)!, _bag, out weight);
            }

            if ((compressed.Encoded is null || simulate) && changed)
            {
                weight!.ReplaceWeight(module, compressed.Weight);
                compressed = compressed with { Encoded = null };
            }

            var activation = layer.Activation is { } a && layer.Range is { } r ? new ActivationQuantization(a, r.Min, r.Max) : null;
            if (compressed.Encoded is not null || activation is not null)
            {
                plan[layer.Name] = new LayerQuantization(null, activation,
                    Encoded: compressed.Encoded is { } e ? new PrecomputedWeight(e, compressed.Transposed) : null);
            }
        }

        var result = QuantizeLayersPass.Run(module, plan);
        _bag.AddRange(result.Diagnostics);
        return result.Success && !_bag.HasErrors ? Export(module) : null;
    }

    /// <summary>Predicted (additive) and measured output MSE of a compressed model on the calibration subset.</summary>
    public (double Predicted, double Measured)? Error(byte[] model, IReadOnlyDictionary<string, LayerCodec> choices)
    {
        var predicted = Predicted(choices);
        if (_subset.Count == 0)
        {
            return (predicted, double.NaN);
        }

        return SensitivityAnalysis.Measure(model, _subset, _fp32Subset, _bag) is { } m ? (predicted, m.Mse) : null;
    }

    /// <summary>The additive prediction of the output MSE: the base model's MSE plus the chosen candidates' <c>output_mse</c>.</summary>
    public double Predicted(IReadOnlyDictionary<string, LayerCodec> choices)
    {
        var predicted = _baseMse;
        foreach (var layer in _layers.Where(l => l.Fixed is null))
        {
            predicted += layer.Records[layer.Candidates.IndexOf(choices[layer.Name])].OutputMse;
        }

        return predicted;
    }

    /// <summary>The fp32 model (pinned, exported by qc), the reference of every measurement.</summary>
    public byte[] Fp32Model => _fp32Model;

    private byte[] Export(GraphModule module)
    {
        var result = OnnxExporter.Export(module, new ExportOptions(ProducerName: "qc"));
        _bag.AddRange(result.Diagnostics);
        return result.Success ? result.ToBytes() : [];
    }

    private GraphModule Import(byte[] bytes)
    {
        var result = OnnxImporter.Import(bytes, _recipe.Model!.Display, null);
        _bag.AddRange(result.Diagnostics.Where(d => d.IsError));
        return result.Module ?? throw new UnreachableException("qc's own export did not re-import");
    }

    private void Unsupported(Location location, string message, string hint) =>
        _bag.Error(CompileCodes.UnsupportedCodec, location, message, hint);

    /// <summary>Folds a layer's input batches into its GPTQ Hessian.</summary>
    private sealed class HessianSink(string tensor, HessianAccumulator hessian) : IActivationSink
    {
        public IReadOnlyList<string> Tensors { get; } = [tensor];

        public void Accept(ActivationBatch batch) => hessian.Add(batch.Value);
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
