using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using Qc.Calibration.Observers;
using Qc.Core.Data;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Onnx;
using Qc.OnnxRuntime;

namespace Qc.Calibration;

/// <summary>Runs the FP32 model on ONNX Runtime over calibration data, batch by batch, capturing chosen intermediate tensors and
/// streaming them to observers, per-channel moment accumulators and <see cref="IActivationSink"/>s; caches the statistics by
/// content hash.</summary>
/// <remarks>
/// <para>Memory is bounded whatever the number of samples: one batch of inputs and of captured tensors is alive at a time
/// (batch × Σ tensor sizes × 4 bytes), plus per tensor O(bins) per observer (2048 × 8 bytes by default) and O(channels) for
/// the moments (24 bytes per channel); <see cref="CalibrationResult.StateBytes"/> reports the latter, which does not grow
/// with the sample count.</para>
/// <para>A second run with the same model bytes, samples, batch size, seed, observers and tensors loads the cache file
/// (<see cref="CalibrationCache"/>) without running ONNX Runtime, unless sinks are attached (they need the raw batches).</para>
/// <para>Never throws for bad input: missing or malformed data, inputs that do not match the model, unknown tensors, zero
/// samples and ONNX Runtime failures are QC41xx diagnostics (specs/diagnostics.md). Cancellation throws
/// <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public sealed class CalibrationSession
{
    /// <summary>Creates a session whose cache lives in <paramref name="cacheDirectory"/> (default <see cref="CalibrationCache.DefaultDirectory"/>).</summary>
    public CalibrationSession(string? cacheDirectory = null)
    {
        CacheDirectory = cacheDirectory ?? CalibrationCache.DefaultDirectory;
    }

    /// <summary>Where cache files are read and written.</summary>
    public string CacheDirectory { get; }

    /// <summary>Calibrates.</summary>
    public CalibrationResult Run(CalibrationRequest request, IProgress<CalibrationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bag = new DiagnosticBag();
        var result = RunCore(request, progress, bag, cancellationToken);
        return result with { Diagnostics = [.. bag] };
    }

    private CalibrationResult RunCore(CalibrationRequest request, IProgress<CalibrationProgress>? progress, DiagnosticBag bag, CancellationToken ct)
    {
        var options = request.Options ?? new CalibrationOptions();
        var failed = new CalibrationResult([], 0, []);
        var observers = options.Observers.IsDefaultOrEmpty ? [ObserverSpec.MinMax] : options.Observers;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(request));

        // The model.
        var modelPath = request.ModelPath;
        var model = request.ModelBytes;
        if (model.IsEmpty)
        {
            try
            {
                model = File.ReadAllBytes(modelPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                bag.Error(3001, new FileLocation(modelPath), $"cannot read model file '{modelPath}': {e.Message}");
                return failed;
            }
        }

        // The tensors.
        if ((request.Tensors is { } given ? Distinct(given) : SelectFromModel(model, modelPath, bag)) is not { } tensors)
        {
            return failed;
        }

        // The data.
        var dataPath = request.DataPath ?? request.Data?.Description ?? "(no data)";
        var data = request.Data ?? OpenData(request.DataPath, bag);
        if (data is null)
        {
            return failed;
        }

        if (options.Samples is <= 0)
        {
            bag.ReportNoSamples(dataPath, $"'samples' is {options.Samples}");
            return failed;
        }

        var source = Subset(data, options.Samples, options.Seed);
        var limit = options.Samples;

        // The cache.
        string? key = null, cachePath = null;
        long? total = null;
        if (options.UseCache)
        {
            var hashed = HashData(source, limit, dataPath, bag, ct);
            if (hashed is null)
            {
                return failed;
            }

            total = hashed.Value.Count;
            if (total == 0)
            {
                bag.ReportNoSamples(dataPath, "the dataset is empty");
                return failed;
            }

            key = CalibrationCache.Key(SHA256.HashData(model.Span), hashed.Value.Hash, total.Value, options.BatchSize, options.Seed, observers, tensors);
            cachePath = CalibrationCache.PathOf(CacheDirectory, key);
            if (request.Sinks.Count == 0 && CalibrationCache.TryLoad(cachePath, key, observers, tensors, bag) is { } cached)
            {
                return new CalibrationResult(cached.Tensors, cached.Samples, [])
                {
                    FromCache = true,
                    CacheKey = key,
                    CachePath = cachePath,
                };
            }
        }
        else if (data.Count is { } count)
        {
            total = Math.Min(count, limit ?? long.MaxValue);
        }

        var run = Execute(model, modelPath, source, limit, total, dataPath, tensors, observers, options, request.Sinks, progress, bag, ct);
        if (run is null)
        {
            return failed;
        }

        var (statistics, samples, ortRuns, stateBytes) = run.Value;
        if (samples == 0)
        {
            bag.ReportNoSamples(dataPath, "the dataset is empty");
            return failed;
        }

        foreach (var t in statistics)
        {
            if (t.NonFinite > 0)
            {
                bag.ReportNonFinite(modelPath, t.Name, t.NonFinite, t.NonFinite + t.Count);
            }
        }

        if (key is not null && !CalibrationCache.Save(cachePath!, key, samples, statistics, bag))
        {
            cachePath = null;
        }

        return new CalibrationResult(statistics, samples, []) { OrtRuns = ortRuns, CacheKey = key, CachePath = cachePath, StateBytes = stateBytes };
    }

    /// <summary>The ORT pass.</summary>
    private static (ImmutableArray<TensorStatistics> Tensors, long Samples, int OrtRuns, long StateBytes)? Execute(ReadOnlyMemory<byte> model,
        string modelPath, IDatasetSource source, long? limit, long? total, string dataPath, ImmutableArray<ObservedTensor> tensors,
        ImmutableArray<ObserverSpec> observers, CalibrationOptions options, IReadOnlyList<IActivationSink> sinks,
        IProgress<CalibrationProgress>? progress, DiagnosticBag bag, CancellationToken ct)
    {
        if (!OrtLibrary.TryLoad(out var reason))
        {
            bag.ReportOrtFailed(modelPath, "ONNX Runtime is not available: " + reason,
                "run scripts/setup.sh, or point QC_ORT_LIB at a libonnxruntime.so built for ONNX Runtime 1.30");
            return null;
        }

        var captures = new List<string>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in tensors.Select(t => t.Name).Concat(sinks.SelectMany(s => s.Tensors)))
        {
            if (wanted.Add(name))
            {
                captures.Add(name);
            }
        }

        byte[] edited;
        try
        {
            edited = OnnxModelEditor.AddOutputs(model, captures);
        }
        catch (ArgumentException e)
        {
            bag.ReportTensorNotFound(modelPath, e.Message.Split(" (Parameter")[0]);
            return null;
        }
        catch (OnnxFormatException e)
        {
            bag.ReportOrtFailed(modelPath, "the model is not a valid ONNX model: " + e.Message, "check the model with 'qc import'");
            return null;
        }

        OrtSession session;
        try
        {
            session = OrtSession.Open(edited, new OrtSessionOptions(options.IntraOpThreads));
        }
        catch (OrtException e)
        {
            bag.ReportOrtFailed(modelPath, "ONNX Runtime cannot load the model: " + e.Message);
            return null;
        }

        using (session)
        {
            var inputNames = new HashSet<string>(session.Inputs.Select(i => i.Name), StringComparer.Ordinal);
            var outputs = captures.Where(c => !inputNames.Contains(c)).ToList();
            if (outputs.Count == 0 && session.Outputs.FirstOrDefault(o => !inputNames.Contains(o.Name)) is { } any)
            {
                outputs.Add(any.Name); // Only graph inputs are observed, but ORT must compute something.
            }
            foreach (var t in tensors)
            {
                var info = session.Inputs.Concat(session.Outputs).FirstOrDefault(i => i.Name == t.Name);
                if (info is not null && info.ElementType is not (ElementType.F32 or ElementType.Unknown))
                {
                    bag.ReportTensorNotFloat(modelPath, t.Name, info.ElementType.Name());
                }
            }

            if (bag.HasErrors)
            {
                return null;
            }

            var binder = InputBinder.Create(session.Inputs, source, dataPath, bag);
            if (binder is null)
            {
                return null;
            }

            var batchSize = binder.FixedBatch ?? options.BatchSize;
            var trackers = tensors.Select(t => new TensorTracker(t, observers)).ToArray();
            var watch = Stopwatch.StartNew();
            long samples = 0;
            var runs = 0;
            progress?.Report(new CalibrationProgress(0, total, TimeSpan.Zero));
            try
            {
                foreach (var batch in source.Batches(batchSize, limit))
                {
                    ct.ThrowIfCancellationRequested();
                    if (binder.FixedBatch is { } fixedBatch && batch.Count != fixedBatch)
                    {
                        break; // A fixed batch dimension cannot take the trailing partial batch.
                    }

                    var feed = binder.Bind(batch, bag);
                    if (feed is null)
                    {
                        return null;
                    }

                    IReadOnlyDictionary<string, TensorData> fetched;
                    try
                    {
                        fetched = session.Run(feed, outputs);
                        runs++;
                    }
                    catch (OrtException e)
                    {
                        bag.ReportOrtFailed(modelPath, $"ONNX Runtime failed on samples {batch.Start}..{batch.Start + batch.Count - 1}: {e.Message}");
                        return null;
                    }

                    TensorData ValueOf(string name) => fetched.TryGetValue(name, out var v) ? v : feed[name];
                    foreach (var tracker in trackers)
                    {
                        var value = ValueOf(tracker.Tensor.Name);
                        if (value.ElementType != ElementType.F32)
                        {
                            bag.ReportTensorNotFloat(modelPath, tracker.Tensor.Name, value.ElementType.Name());
                            return null;
                        }

                        if (tracker.Observe(value) is { } problem)
                        {
                            bag.ReportInconsistentShape(modelPath, tracker.Tensor.Name, problem);
                            return null;
                        }
                    }

                    foreach (var sink in sinks)
                    {
                        foreach (var name in sink.Tensors)
                        {
                            sink.Accept(new ActivationBatch(name, ValueOf(name), batch.Start, batch.Count));
                        }
                    }

                    samples += batch.Count;
                    progress?.Report(new CalibrationProgress(samples, total, watch.Elapsed));
                }
            }
            catch (Exception e) when (e is DatasetFormatException or IOException or UnauthorizedAccessException)
            {
                bag.ReportDataUnreadable(dataPath, e.Message);
                return null;
            }

            var stateBytes = trackers.Sum(t => t.StateBytes);
            return ([.. trackers.Select(t => t.Result())], samples, runs, stateBytes);
        }
    }

    private static ImmutableArray<ObservedTensor> Distinct(IReadOnlyList<ObservedTensor> tensors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. tensors.Where(t => seen.Add(t.Name))];
    }

    private static ImmutableArray<ObservedTensor>? SelectFromModel(ReadOnlyMemory<byte> model, string modelPath, DiagnosticBag bag)
    {
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(modelPath));
        var import = OnnxImporter.Import(model, modelPath, baseDirectory);
        if (!import.Success)
        {
            bag.AddRange(import.Diagnostics.Where(d => d.IsError));
            return null;
        }

        var selected = ActivationSelector.WeightInputs(import.Module!);
        if (selected.IsEmpty)
        {
            bag.ReportTensorNotFound(modelPath, "the model has no float input of a Conv, ConvTranspose, Gemm or MatMul to calibrate");
            return null;
        }

        return selected;
    }

    private static IDatasetSource? OpenData(string? path, DiagnosticBag bag)
    {
        if (string.IsNullOrEmpty(path))
        {
            bag.ReportDataUnreadable("(no data)", "no calibration data was given");
            return null;
        }

        try
        {
            return Datasets.Open(path, OnnxTensors.ReadFile);
        }
        catch (Exception e) when (e is DatasetFormatException or IOException or UnauthorizedAccessException or OnnxFormatException)
        {
            bag.ReportDataUnreadable(path, e is DatasetFormatException d ? d.Reason : e.Message);
            return null;
        }
    }

    /// <summary>A seeded random subset of <paramref name="samples"/> indices (read in dataset order) when a seed is given and the
    /// dataset is known to be larger; the dataset itself otherwise (its first samples are taken).</summary>
    private static IDatasetSource Subset(IDatasetSource data, long? samples, long? seed) =>
        seed is { } s && samples is { } k && data.Count is { } n && k < n ? new SubsetSource(data, SubsetSource.Choose(n, k, s)) : data;

    /// <summary>Streams the samples once to hash their contents; null (reported) when the data is unreadable.</summary>
    private static (byte[] Hash, long Count)? HashData(IDatasetSource source, long? limit, string dataPath, DiagnosticBag bag, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long count = 0;
        Span<byte> word = stackalloc byte[8];
        try
        {
            foreach (var sample in source.ReadSamples(limit))
            {
                ct.ThrowIfCancellationRequested();
                foreach (var t in sample.Inputs)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(word, (long)t.ElementType);
                    hash.AppendData(word);
                    BinaryPrimitives.WriteInt64LittleEndian(word, t.Rank);
                    hash.AppendData(word);
                    foreach (var d in t.Dims)
                    {
                        BinaryPrimitives.WriteInt64LittleEndian(word, d);
                        hash.AppendData(word);
                    }

                    hash.AppendData(t.Data.Span);
                }

                count++;
            }
        }
        catch (Exception e) when (e is DatasetFormatException or IOException or UnauthorizedAccessException)
        {
            bag.ReportDataUnreadable(dataPath, e is DatasetFormatException d ? d.Reason : e.Message);
            return null;
        }

        return (hash.GetHashAndReset(), count);
    }

    /// <summary>Observers, moments and counters of one tensor.</summary>
    private sealed class TensorTracker(ObservedTensor tensor, ImmutableArray<ObserverSpec> specs)
    {
        private const long FixedBytes = 64;

        private readonly IObserver[] _observers = [.. specs.Select(s => s.Create())];
        private readonly ExtremaTracker _extrema = new();
        private readonly ChannelMomentsAccumulator _moments = new(tensor.ChannelAxis);
        private ImmutableArray<long> _sampleDims;
        private long _count;
        private long _nonFinite;

        public ObservedTensor Tensor { get; } = tensor;

        public long StateBytes => _observers.Sum(o => o.StateBytes) + ExtremaTracker.StateBytes + _moments.StateBytes + FixedBytes;

        public string? Observe(TensorData value)
        {
            var values = value.AsSpan<float>();
            if (_sampleDims.IsDefault)
            {
                _sampleDims = value.Rank == 0 ? [] : [.. value.Dims.Skip(1)];
            }

            if (_moments.Observe(values, value.Dims.AsSpan()) is { } problem)
            {
                return problem;
            }

            long finite = 0;
            foreach (var v in values)
            {
                finite += float.IsFinite(v) ? 1 : 0;
            }

            _count += finite;
            _nonFinite += values.Length - finite;
            _extrema.Observe(values);
            foreach (var o in _observers)
            {
                o.Observe(values);
            }

            return null;
        }

        public TensorStatistics Result() => new(Tensor.Name, _sampleDims.IsDefault ? [] : _sampleDims, _count, _nonFinite, _extrema.Range,
            [.. _observers.Select(o => o.Result())], _moments.Result());
    }
}
