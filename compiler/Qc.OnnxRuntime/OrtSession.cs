using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Qc.Core.Tensors;

namespace Qc.OnnxRuntime;

/// <summary>An ONNX Runtime inference session on the CPU: load a model once, then run it on host tensors.</summary>
/// <remarks>
/// <para>Inputs are copied into ORT-allocated tensors and outputs are copied out into new <see cref="TensorData"/>, so ORT never holds
/// a reference to managed memory and every ORT object is released before <see cref="Run"/> returns. Only tensors are supported;
/// sequence, map and optional values are reported in <see cref="Inputs"/>/<see cref="Outputs"/> but rejected by <see cref="Run"/>.</para>
/// <para><see cref="Run"/> may be called from several threads at once (ORT sessions are thread-safe for Run); <see cref="Dispose"/> waits for none.</para>
/// </remarks>
public sealed unsafe class OrtSession : IDisposable
{
    private readonly SessionHandle _handle;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly Dictionary<string, int> _outputIndex;

    private OrtSession(IntPtr session)
    {
        _handle = new SessionHandle(session);
        try
        {
            Inputs = ReadValueInfos(session, output: false);
            Outputs = ReadValueInfos(session, output: true);
        }
        catch
        {
            _handle.Dispose();
            throw;
        }

        _inputIndex = IndexByName(Inputs);
        _outputIndex = IndexByName(Outputs);
    }

    /// <summary>The model's inputs (graph inputs that are not initializers), in graph order.</summary>
    public IReadOnlyList<OrtValueInfo> Inputs { get; }

    /// <summary>The model's outputs, in graph order.</summary>
    public IReadOnlyList<OrtValueInfo> Outputs { get; }

    /// <summary>Loads a model file.</summary>
    /// <exception cref="OrtException">The library is unavailable, or ORT cannot load the model (missing file, invalid protobuf, unsupported opset or operator).</exception>
    public static OrtSession Open(string modelPath, OrtSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var env = OrtEnvironment.Env;
        return Create(options, o => NativeApi.CreateSession(env, modelPath, o));
    }

    /// <summary>Loads a model from its serialized bytes.</summary>
    /// <exception cref="OrtException">The library is unavailable, the bytes are empty, or ORT cannot load the model.</exception>
    public static OrtSession Open(ReadOnlyMemory<byte> modelBytes, OrtSessionOptions? options = null)
    {
        if (modelBytes.IsEmpty)
        {
            throw new OrtException(OrtErrorCode.InvalidArgument, "the model is empty (0 bytes)");
        }

        var env = OrtEnvironment.Env;
        return Create(options, o => NativeApi.CreateSessionFromArray(env, modelBytes.Span, o));
    }

    /// <summary>Runs the model.</summary>
    /// <param name="inputs">A tensor for every input in <see cref="Inputs"/>, by name.</param>
    /// <param name="outputNames">The outputs wanted, in the order wanted; null for all of <see cref="Outputs"/> in graph order.</param>
    /// <returns>The outputs in the requested order (the dictionary enumerates in that order).</returns>
    /// <exception cref="OrtException">An input is unknown, missing, of the wrong element type or shape, a value is not a tensor, or ORT fails.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public IReadOnlyDictionary<string, TensorData> Run(IReadOnlyDictionary<string, TensorData> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ValidateInputs(inputs);
        var outputOrder = ValidateOutputs(outputNames);

        var inputCount = Inputs.Count;
        var outputCount = outputOrder.Length;
        var inputValues = new IntPtr[inputCount];
        var outputValues = new IntPtr[outputCount];
        var names = new Utf8Block([.. Inputs.Select(i => i.Name), .. outputOrder.Select(i => Outputs[i].Name)]);
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            for (var i = 0; i < inputCount; i++)
            {
                inputValues[i] = CreateInputTensor(inputs[Inputs[i].Name]);
            }

            fixed (IntPtr* inV = inputValues)
            fixed (IntPtr* outV = outputValues)
            {
                NativeApi.Run(_handle.DangerousGetHandle(), names.Pointers, inV, inputCount, names.Pointers + inputCount, outV, outputCount);
            }

            var result = new OrderedDictionary<string, TensorData>(outputCount, StringComparer.Ordinal);
            for (var i = 0; i < outputCount; i++)
            {
                result.Add(Outputs[outputOrder[i]].Name, ReadOutputTensor(Outputs[outputOrder[i]].Name, outputValues[i]));
            }

            return result;
        }
        finally
        {
            foreach (var v in inputValues)
            {
                NativeApi.ReleaseValue(v);
            }

            foreach (var v in outputValues)
            {
                NativeApi.ReleaseValue(v);
            }

            names.Dispose();
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>Releases the ORT session.</summary>
    public void Dispose() => _handle.Dispose();

    private static OrtSession Create(OrtSessionOptions? options, Func<IntPtr, IntPtr> createSession)
    {
        options ??= OrtSessionOptions.Default;
        if (options.IntraOpThreads < 0 || options.InterOpThreads < 0)
        {
            throw new OrtException(OrtErrorCode.InvalidArgument, $"thread counts must be 0 (ORT's choice) or positive, got intra-op {options.IntraOpThreads} and inter-op {options.InterOpThreads}");
        }

        if (!Enum.IsDefined(options.Level))
        {
            throw new OrtException(OrtErrorCode.InvalidArgument, $"unknown optimization level {(int)options.Level}");
        }

        var nativeOptions = NativeApi.CreateSessionOptions(options);
        try
        {
            return new OrtSession(createSession(nativeOptions));
        }
        finally
        {
            NativeApi.ReleaseSessionOptions(nativeOptions);
        }
    }

    private static ImmutableArray<OrtValueInfo> ReadValueInfos(IntPtr session, bool output)
    {
        var count = NativeApi.SessionGetCount(session, output);
        var allocator = OrtEnvironment.Allocator;
        var builder = ImmutableArray.CreateBuilder<OrtValueInfo>(count);
        for (var i = 0; i < count; i++)
        {
            var name = NativeApi.SessionGetName(session, i, output, allocator);
            var typeInfo = NativeApi.SessionGetTypeInfo(session, i, output);
            try
            {
                var kind = NativeApi.GetOnnxType(typeInfo);
                var tensorInfo = kind == OrtValueKind.Tensor ? NativeApi.CastTypeInfoToTensorInfo(typeInfo) : IntPtr.Zero;
                if (tensorInfo == IntPtr.Zero)
                {
                    builder.Add(new OrtValueInfo(name, ElementType.Unknown, [], kind, []));
                    continue;
                }

                var elementType = NativeApi.GetTensorElementType(tensorInfo);
                var dims = NativeApi.GetDimensions(tensorInfo);
                var symbolic = NativeApi.GetSymbolicDimensions(tensorInfo, dims.Length);
                builder.Add(new OrtValueInfo(name, ToElementType(elementType), dims, kind, symbolic));
            }
            finally
            {
                NativeApi.ReleaseTypeInfo(typeInfo);
            }
        }

        return builder.MoveToImmutable();
    }

    private static Dictionary<string, int> IndexByName(IReadOnlyList<OrtValueInfo> infos)
    {
        var index = new Dictionary<string, int>(infos.Count, StringComparer.Ordinal);
        for (var i = 0; i < infos.Count; i++)
        {
            index.TryAdd(infos[i].Name, i);
        }

        return index;
    }

    private static ElementType ToElementType(int ortType) =>
        ortType is >= 1 and <= 22 ? (ElementType)ortType : ElementType.Unknown;

    /// <summary>Checks every input against the model before ORT sees it.</summary>
    private void ValidateInputs(IReadOnlyDictionary<string, TensorData> inputs)
    {
        foreach (var name in inputs.Keys)
        {
            if (!_inputIndex.ContainsKey(name))
            {
                throw new OrtException(OrtErrorCode.InvalidArgument, $"unknown input '{name}'; the model's inputs are: {DescribeAll(Inputs)}");
            }
        }

        foreach (var info in Inputs)
        {
            if (!inputs.TryGetValue(info.Name, out var tensor))
            {
                throw new OrtException(OrtErrorCode.InvalidArgument, $"missing input {info}; the model's inputs are: {DescribeAll(Inputs)}");
            }

            if (tensor is null)
            {
                throw new OrtException(OrtErrorCode.InvalidArgument, $"input '{info.Name}' is null");
            }

            if (!info.IsTensor)
            {
                throw new OrtException(OrtErrorCode.NotImplemented, $"input {info} is not a tensor; the binding supports tensor values only");
            }

            var got = $"{tensor.ElementType.Name()}[{string.Join(",", tensor.Dims)}]";
            if (tensor.ElementType != info.ElementType)
            {
                throw new OrtException(OrtErrorCode.InvalidArgument, $"input '{info.Name}' has element type {tensor.ElementType.Name()}, but the model declares {info}; got {got}");
            }

            // A declared rank of 0 is also what ORT reports for a tensor without a shape, so only non-zero ranks are checked here.
            if (info.Dims.Length > 0)
            {
                if (tensor.Rank != info.Dims.Length)
                {
                    throw new OrtException(OrtErrorCode.InvalidArgument, $"input '{info.Name}' has rank {tensor.Rank}, but the model declares {info} (rank {info.Dims.Length}); got {got}");
                }

                for (var d = 0; d < info.Dims.Length; d++)
                {
                    if (info.Dims[d] >= 0 && info.Dims[d] != tensor.Dims[d])
                    {
                        throw new OrtException(OrtErrorCode.InvalidArgument, $"input '{info.Name}' dimension {d} is {tensor.Dims[d]}, but the model declares {info}; got {got}");
                    }
                }
            }
        }
    }

    private int[] ValidateOutputs(IReadOnlyList<string>? outputNames)
    {
        outputNames ??= [.. Outputs.Select(o => o.Name)];

        var order = new int[outputNames.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < outputNames.Count; i++)
        {
            var name = outputNames[i];
            if (name is null || !_outputIndex.TryGetValue(name, out var index))
            {
                throw new OrtException(OrtErrorCode.InvalidArgument, $"unknown output '{name}'; the model's outputs are: {DescribeAll(Outputs)}");
            }

            if (!seen.Add(name))
            {
                throw new OrtException(OrtErrorCode.InvalidArgument, $"output '{name}' is requested twice");
            }

            if (!Outputs[index].IsTensor)
            {
                throw new OrtException(OrtErrorCode.NotImplemented, $"output {Outputs[index]} is not a tensor; the binding supports tensor values only");
            }

            order[i] = index;
        }

        return order;
    }

    private static string DescribeAll(IReadOnlyList<OrtValueInfo> infos) =>
        infos.Count == 0 ? "(none)" : string.Join(", ", infos.Select(i => i.ToString()));

    /// <summary>Creates an ORT-owned tensor holding a copy of <paramref name="tensor"/>.</summary>
    private static IntPtr CreateInputTensor(TensorData tensor)
    {
        var dims = tensor.Dims.AsSpan();
        var value = NativeApi.CreateTensor(OrtEnvironment.Allocator, dims, (int)tensor.ElementType);
        try
        {
            if (tensor.ElementType == ElementType.String)
            {
                NativeApi.FillStringTensor(value, tensor.Strings);
            }
            else if (tensor.Data.Length > 0)
            {
                var destination = NativeApi.GetTensorMutableData(value);
                tensor.Data.Span.CopyTo(new Span<byte>((void*)destination, tensor.Data.Length));
            }

            return value;
        }
        catch
        {
            NativeApi.ReleaseValue(value);
            throw;
        }
    }

    /// <summary>Copies an output tensor into a new <see cref="TensorData"/>; the value itself is released by the caller.</summary>
    private static TensorData ReadOutputTensor(string name, IntPtr value)
    {
        if (value == IntPtr.Zero)
        {
            throw new OrtException(OrtErrorCode.Fail, $"ONNX Runtime returned no value for output '{name}'");
        }

        var kind = NativeApi.GetValueType(value);
        if (kind != OrtValueKind.Tensor)
        {
            throw new OrtException(OrtErrorCode.NotImplemented, $"output '{name}' is a {kind.ToString().ToLowerInvariant()}; the binding supports tensor values only");
        }

        var (ortType, dims) = NativeApi.GetTensorTypeAndShape(value);
        var type = ToElementType(ortType);
        var count = TensorData.ElementCountOf(dims);
        if (type == ElementType.String)
        {
            return TensorData.FromStrings(dims, NativeApi.GetStringTensor(value, count));
        }

        var bytes = type.ByteCount(count);
        if (type == ElementType.Unknown || (bytes == 0 && count > 0))
        {
            throw new OrtException(OrtErrorCode.NotImplemented, $"output '{name}' has ONNX Runtime element type {ortType}, which the binding does not support");
        }

        var data = new byte[checked((int)bytes)];
        if (bytes > 0)
        {
            new ReadOnlySpan<byte>((void*)NativeApi.GetTensorMutableData(value), data.Length).CopyTo(data);
        }

        return TensorData.FromBytes(type, dims, data);
    }
}
