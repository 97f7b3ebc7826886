using System.Runtime.InteropServices;
using Qc.Core.Tensors;

namespace Qc.OnnxRuntime.Tests;

/// <summary>The binding's API on tiny in-memory models: metadata, validation, element types, errors.</summary>
public sealed class SessionTests
{
    [OrtFact]
    public void Library_ReportsVersionAndPath()
    {
        Assert.True(OrtLibrary.TryLoad(out var reason), reason);
        Assert.Null(reason);
        Assert.StartsWith("1.", OrtLibrary.Version, StringComparison.Ordinal);
        Assert.EndsWith(OrtLibrary.FileName, OrtLibrary.LoadedPath, StringComparison.Ordinal);
    }

    [OrtFact]
    public void Metadata_ReportsNamesTypesAndSymbolicDims()
    {
        using var session = OrtSession.Open(TestModels.AddSub());
        Assert.Equal(["X", "Y"], session.Inputs.Select(i => i.Name));
        Assert.Equal(["Sum", "Diff"], session.Outputs.Select(o => o.Name));
        var x = session.Inputs[0];
        Assert.Equal(ElementType.F32, x.ElementType);
        Assert.Equal(OrtValueKind.Tensor, x.Kind);
        Assert.Equal([-1L, 3L], x.Dims);
        Assert.Equal(["N", string.Empty], x.SymbolicDims);
        Assert.Equal("X: f32[-1,3]", x.ToString());
    }

    [OrtFact]
    public void Run_ComputesAndReturnsOutputsInRequestedOrder()
    {
        using var session = OrtSession.Open(TestModels.AddSub());
        var inputs = new Dictionary<string, TensorData>
        {
            ["X"] = TensorData.Create<float>([2, 3], [1, 2, 3, 4, 5, 6]),
            ["Y"] = TensorData.Create<float>([2, 3], [6, 5, 4, 3, 2, 1]),
        };

        var all = session.Run(inputs);
        Assert.Equal(["Sum", "Diff"], all.Keys);
        Assert.Equal([7f, 7, 7, 7, 7, 7], all["Sum"].ToArray<float>());

        var reversed = session.Run(inputs, ["Diff", "Sum"]);
        Assert.Equal(["Diff", "Sum"], reversed.Keys);
        Assert.Equal([-5f, -3, -1, 1, 3, 5], reversed["Diff"].ToArray<float>());
        Assert.Equal([2L, 3L], reversed["Diff"].Dims.ToArray());

        var one = session.Run(inputs, ["Diff"]);
        Assert.Equal(["Diff"], one.Keys);
    }

    [OrtFact]
    public void KeepQdq_SetsTheConfigEntry_AndRunsAsUsual()
    {
        using var session = OrtSession.Open(TestModels.AddSub(), new OrtSessionOptions(KeepQdq: true));
        var all = session.Run(new Dictionary<string, TensorData>
        {
            ["X"] = TensorData.Create<float>([1, 3], [1, 2, 3]),
            ["Y"] = TensorData.Create<float>([1, 3], [3, 2, 1]),
        });
        Assert.Equal([4f, 4, 4], all["Sum"].ToArray<float>());
    }

    [OrtFact]
    public void Run_AcceptsAnySizeForSymbolicDims()
    {
        using var session = OrtSession.Open(TestModels.AddSub());
        foreach (var n in new[] { 1, 5, 0 })
        {
            var x = TensorData.Create<float>([n, 3], new float[n * 3]);
            var outputs = session.Run(new Dictionary<string, TensorData> { ["X"] = x, ["Y"] = x });
            Assert.Equal([(long)n, 3L], outputs["Sum"].Dims.ToArray());
        }
    }

    [OrtFact]
    public void Run_UnknownInputName_Throws()
    {
        using var session = OrtSession.Open(TestModels.AddSub());
        var x = TensorData.Create<float>([1, 3], [1, 2, 3]);
        var e = Assert.Throws<OrtException>(() => session.Run(new Dictionary<string, TensorData> { ["X"] = x, ["Y"] = x, ["Z"] = x }));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        Assert.Contains("unknown input 'Z'", e.Message, StringComparison.Ordinal);
        Assert.Contains("X: f32[-1,3], Y: f32[-1,3]", e.Message, StringComparison.Ordinal);
    }

    [OrtFact]
    public void Run_MissingInput_Throws()
    {
        using var session = OrtSession.Open(TestModels.AddSub());
        var e = Assert.Throws<OrtException>(() => session.Run(new Dictionary<string, TensorData> { ["X"] = TensorData.Create<float>([1, 3], [1, 2, 3]) }));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        Assert.Contains("missing input Y: f32[-1,3]", e.Message, StringComparison.Ordinal);
    }

    [OrtFact]
    public void Run_WrongElementType_Throws()
    {
        using var session = OrtSession.Open(TestModels.AddSub());
        var x = TensorData.Create<float>([1, 3], [1, 2, 3]);
        var y = TensorData.Create<long>([1, 3], [1, 2, 3]);
        var e = Assert.Throws<OrtException>(() => session.Run(new Dictionary<string, TensorData> { ["X"] = x, ["Y"] = y }));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        Assert.Contains("input 'Y' has element type i64, but the model declares Y: f32[-1,3]", e.Message, StringComparison.Ordinal);
    }

    [OrtFact]
    public void Run_WrongRank_Throws()
    {
        using var session = OrtSession.Open(TestModels.AddSub());
        var x = TensorData.Create<float>([1, 3], [1, 2, 3]);
        var y = TensorData.Create<float>([3], [1, 2, 3]);
        var e = Assert.Throws<OrtException>(() => session.Run(new Dictionary<string, TensorData> { ["X"] = x, ["Y"] = y }));
        Assert.Contains("input 'Y' has rank 1, but the model declares Y: f32[-1,3] (rank 2); got f32[3]", e.Message, StringComparison.Ordinal);
    }

    [OrtFact]
    public void Run_WrongStaticDim_Throws()
    {
        using var session = OrtSession.Open(TestModels.AddSub());
        var x = TensorData.Create<float>([1, 3], [1, 2, 3]);
        var y = TensorData.Create<float>([1, 4], [1, 2, 3, 4]);
        var e = Assert.Throws<OrtException>(() => session.Run(new Dictionary<string, TensorData> { ["X"] = x, ["Y"] = y }));
        Assert.Contains("input 'Y' dimension 1 is 4, but the model declares Y: f32[-1,3]; got f32[1,4]", e.Message, StringComparison.Ordinal);
    }

    [OrtFact]
    public void Run_UnknownOrDuplicateOutput_Throws()
    {
        using var session = OrtSession.Open(TestModels.AddSub());
        var x = TensorData.Create<float>([1, 3], [1, 2, 3]);
        var inputs = new Dictionary<string, TensorData> { ["X"] = x, ["Y"] = x };
        var unknown = Assert.Throws<OrtException>(() => session.Run(inputs, ["Prod"]));
        Assert.Contains("unknown output 'Prod'; the model's outputs are: Sum: f32[-1,3], Diff: f32[-1,3]", unknown.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<OrtException>(() => session.Run(inputs, ["Sum", "Sum"]));
        Assert.Contains("requested twice", twice.Message, StringComparison.Ordinal);
    }

    [OrtFact]
    public void Open_GarbageBytes_ThrowsOrtException()
    {
        Assert.True(OrtLibrary.TryLoad(out var reason), reason);
        var e = Assert.Throws<OrtException>(() => OrtSession.Open(new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03 }));
        Assert.Equal(OrtErrorCode.InvalidProtobuf, e.ErrorCode);
        Assert.Contains("protobuf", e.Message, StringComparison.OrdinalIgnoreCase);

        var random = new byte[4096];
        new Random(7).NextBytes(random);
        var r = Assert.Throws<OrtException>(() => OrtSession.Open(random));
        Assert.NotEqual(OrtErrorCode.Ok, r.ErrorCode);

        var empty = Assert.Throws<OrtException>(() => OrtSession.Open(ReadOnlyMemory<byte>.Empty));
        Assert.Equal(OrtErrorCode.InvalidArgument, empty.ErrorCode);
    }

    [OrtFact]
    public void Open_MissingFile_ThrowsNoSuchFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qc-missing-{Guid.NewGuid():N}.onnx");
        var e = Assert.Throws<OrtException>(() => OrtSession.Open(path));
        Assert.Equal(OrtErrorCode.NoSuchFile, e.ErrorCode);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [OrtFact]
    public void Open_BadOptions_Throws()
    {
        var e = Assert.Throws<OrtException>(() => OrtSession.Open(TestModels.AddSub(), new OrtSessionOptions(IntraOpThreads: -1)));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        using var ok = OrtSession.Open(TestModels.AddSub(), new OrtSessionOptions(IntraOpThreads: 2, InterOpThreads: 0, Level: OrtOptimizationLevel.Disabled));
        Assert.Equal(2, ok.Inputs.Count);
    }

    [OrtFact]
    public void Run_AfterDispose_Throws()
    {
        var session = OrtSession.Open(TestModels.AddSub());
        session.Dispose();
        session.Dispose();
        var x = TensorData.Create<float>([1, 3], [1, 2, 3]);
        Assert.Throws<ObjectDisposedException>(() => session.Run(new Dictionary<string, TensorData> { ["X"] = x, ["Y"] = x }));
    }

    public static TheoryData<ElementType> NumericTypes() =>
    [
        ElementType.F32, ElementType.F64, ElementType.F16, ElementType.BF16, ElementType.I8, ElementType.U8, ElementType.I16,
        ElementType.U16, ElementType.I32, ElementType.U32, ElementType.I64, ElementType.U64, ElementType.Bool,
    ];

    [OrtTheory]
    [MemberData(nameof(NumericTypes))]
    public void Identity_RoundTripsEveryNumericType(ElementType type)
    {
        using var session = OrtSession.Open(TestModels.Identity(type, 2, -1));
        Assert.Equal(type, session.Inputs[0].ElementType);
        var count = 2 * 5;
        var bytes = new byte[type.ByteCount(count)];
        new Random((int)type).NextBytes(bytes);
        if (type == ElementType.Bool)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] &= 1;
            }
        }

        var input = TensorData.FromBytes(type, [2, 5], bytes);
        var y = session.Run(new Dictionary<string, TensorData> { ["X"] = input })["Y"];
        Assert.Equal(type, y.ElementType);
        Assert.Equal([2L, 5L], y.Dims.ToArray());
        Assert.Equal(bytes, y.Data.ToArray());
    }

    [OrtFact]
    public void Identity_RoundTripsStrings()
    {
        using var session = OrtSession.Open(TestModels.Identity(ElementType.String, -1));
        string[] values = ["", "a", "Grüße", "日本語", "tab\tand newline\n", new string('x', 10_000)];
        var y = session.Run(new Dictionary<string, TensorData> { ["X"] = TensorData.FromStrings([values.Length], values) })["Y"];
        Assert.Equal(ElementType.String, y.ElementType);
        Assert.Equal([(long)values.Length], y.Dims.ToArray());
        Assert.Equal(values, y.Strings.ToArray());

        var none = session.Run(new Dictionary<string, TensorData> { ["X"] = TensorData.FromStrings([0], []) })["Y"];
        Assert.Empty(none.Strings);

        var blanks = session.Run(new Dictionary<string, TensorData> { ["X"] = TensorData.FromStrings([2], ["", ""]) })["Y"];
        Assert.Equal(["", ""], blanks.Strings.ToArray());
    }

    [OrtFact]
    public void Run_IsSafeFromSeveralThreads()
    {
        using var session = OrtSession.Open(TestModels.AddSub(width: 256), new OrtSessionOptions(IntraOpThreads: 1));
        var results = new float[16][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var x = TensorData.Create<float>([4, 256], Enumerable.Range(0, 1024).Select(v => (float)(v * i)).ToArray());
            var y = TensorData.Create<float>([4, 256], Enumerable.Range(0, 1024).Select(v => (float)v).ToArray());
            results[i] = session.Run(new Dictionary<string, TensorData> { ["X"] = x, ["Y"] = y }, ["Sum"])["Sum"].ToArray<float>();
        });

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(Enumerable.Range(0, 1024).Select(v => (float)(v * (i + 1))), results[i]);
        }
    }

    [OrtFact]
    public void Identity_HandlesScalarsAndUnalignedSlices()
    {
        using var scalar = OrtSession.Open(TestModels.Identity(ElementType.F64));
        var y = scalar.Run(new Dictionary<string, TensorData> { ["X"] = TensorData.Scalar(2.5) })["Y"];
        Assert.Empty(y.Dims.ToArray());
        Assert.Equal([2.5], y.ToArray<double>());

        // Data that starts at an odd offset of a larger buffer is copied, so alignment does not matter.
        using var session = OrtSession.Open(TestModels.Identity(ElementType.F64, 3));
        var buffer = new byte[1 + (3 * 8)];
        var values = new[] { 1.5, -2.25, 1e300 };
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(buffer.AsSpan(1));
        var sliced = TensorData.FromBytes(ElementType.F64, [3], buffer.AsMemory(1));
        Assert.Equal(values, session.Run(new Dictionary<string, TensorData> { ["X"] = sliced })["Y"].ToArray<double>());
    }
}
