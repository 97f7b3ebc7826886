using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using Qc.Codegen;
using Qc.Codegen.Llvm;
using Qc.Core.Tensors;
using Qc.Package;

namespace Qc.Cli.Tests;

/// <summary>The package-command test model: <c>y = Relu(x + w)</c> on f32[1,3,4,4], as a real package (kernel <c>add</c>
/// into an arena temporary, kernel <c>relu</c> into the output) and as the matching ONNX model.</summary>
internal static class PackageTestModel
{
    public const int N = 48;
    public const string Target = "x86_64-linux-gnu:x86-64";
    public const string Code = "code/x86_64-linux-gnu/x86-64.so";
    public static readonly long[] Shape = [1, 3, 4, 4];

    private static readonly Lazy<byte[]> s_good = new(() => Library(wrong: false));
    private static readonly Lazy<byte[]> s_wrong = new(() => Library(wrong: true));

    /// <summary>The weight <c>w</c>: values in [-1, 1) that make about half of <c>x + w</c> negative.</summary>
    public static float[] W => [.. Enumerable.Range(0, N).Select(i => ((i * 37) % N / (float)N * 2) - 1)];

    public static float[] X(int seed) => [.. Enumerable.Range(0, N).Select(i => (float)(((i * 11) + (seed * 7)) % 17 / 8.5) - 1)];

    /// <summary>The C# reference of <c>y</c>.</summary>
    public static float[] Reference(float[] x)
    {
        var w = W;
        return [.. x.Select((v, i) => Math.Max(v + w[i], 0f))];
    }

    public static PackageManifest Manifest() => new(
        Format: 1,
        QcVersion: "test",
        Inputs: [new ManifestTensor("x", QcDType.F32, Shape, 0)],
        Outputs: [new ManifestTensor("y", QcDType.F32, Shape, 3)],
        ArenaBytes: 192,
        Buffers:
        [
            new ManifestBuffer(0, "x", BufferKind.Input, QcDType.F32, Shape, N * 4),
            new ManifestBuffer(1, "w", BufferKind.Weight, QcDType.F32, Shape, N * 4, Offset: 0),
            new ManifestBuffer(2, "t", BufferKind.Arena, QcDType.F32, Shape, N * 4, Offset: 0),
            new ManifestBuffer(3, "y", BufferKind.Output, QcDType.F32, Shape, N * 4),
        ],
        Targets:
        [
            new ManifestTarget(Target, TargetKind.Cpu, Code,
            [
                new ManifestKernel("add", "qc_add", [0, 1, 2]),
                new ManifestKernel("relu", "qc_relu", [2, 3]),
            ]),
        ]);

    /// <summary>Writes the package and returns its path. <paramref name="wrong"/> builds <c>add</c> as a subtraction.</summary>
    public static string Write(string dir, bool wrong = false, bool withProvenance = true, string file = "model.qcpkg")
    {
        var writer = new PackageWriter()
            .AddManifest(Manifest())
            .Add(SectionNames.Weights, MemoryMarshal.AsBytes(W.AsSpan()).ToArray())
            .Add(Code, wrong ? s_wrong.Value : s_good.Value);
        if (withProvenance)
        {
            writer.AddProvenance(new PackageProvenance("test", new string('a', 64), new string('b', 64)))
                .Add(SectionNames.Plan, """{ "layers": [ { "name": "add", "weights": "fp32" } ] }"""u8.ToArray())
                .Add(SectionNames.Recipe, "qc: 1\n"u8.ToArray());
        }

        var path = Path.Combine(dir, file);
        writer.Write(path);
        return path;
    }

    /// <summary>Writes the ONNX model <c>y = Relu(x + w)</c> (opset 17) and returns its path.</summary>
    public static string WriteOnnx(string dir, string inputName = "x")
    {
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "relu_add" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        var g = model.Graph;
        g.Input.Add(Value(inputName));
        g.Output.Add(Value("y"));
        var w = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float };
        w.Dims.AddRange(Shape);
        w.FloatData.AddRange(W);
        g.Initializer.Add(w);
        g.Node.Add(Node("Add", [inputName, "w"], "t"));
        g.Node.Add(Node("Relu", ["t"], "y"));
        var path = Path.Combine(dir, "model.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>Writes an f32 .npy file and returns its path.</summary>
    public static string WriteNpy(string dir, string name, float[] values, params long[] shape)
    {
        var path = Path.Combine(dir, name);
        NpyFormat.Write(path, TensorData.Create<float>(shape.Length == 0 ? Shape : shape, values));
        return path;
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var n = new NodeProto { OpType = op, Name = op.ToLowerInvariant() };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        return n;
    }

    private static ValueInfoProto Value(string name)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(Shape.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static byte[] Library(bool wrong)
    {
        Assert.True(TargetName.TryParse(Target, out var target, out _), Target);
        byte[] obj;
        using (var m = new LlvmModuleBuilder("qc_cli_test", target.ToDescriptor()))
        {
            var version = m.AddFunction("qc_abi_version", m.FunctionType(m.I32));
            m.PositionAtEnd(m.AppendBlock(version, "entry"));
            m.Ret(m.ConstI32(1));
            Elementwise(m, "qc_add", 2, (b, v) => wrong ? b.FSub(v[0], v[1]) : b.FAdd(v[0], v[1]));
            Elementwise(m, "qc_relu", 1, (b, v) => b.Select(b.FCmp(RealPredicate.Ogt, v[0], b.ConstF32(0f)), v[0], b.ConstF32(0f)));
            obj = m.Compile();
        }

        var link = new Linker().LinkShared([obj]);
        Assert.True(link.Succeeded, string.Join("\n", link.Diagnostics));
        return link.SharedObject!;
    }

    /// <summary>A kernel <c>out[i] = op(in0[i], ...)</c> over f32 buffers <c>args[0..inputs)</c> → <c>args[inputs]</c>, one loop.</summary>
    private static void Elementwise(LlvmModuleBuilder m, string name, int inputs, Func<LlvmModuleBuilder, LlvmValue[], LlvmValue> op)
    {
        var ptr = m.Ptr();
        var fn = m.AddFunction(name, m.FunctionType(m.Void, ptr, ptr));
        m.AddAttribute(fn, -1, "nounwind");
        var args = m.Param(fn, 0);
        var entry = m.AppendBlock(fn, "entry");
        var loop = m.AppendBlock(fn, "loop");
        var exit = m.AppendBlock(fn, "exit");
        m.PositionAtEnd(entry);
        var buffers = Enumerable.Range(0, inputs + 1).Select(k => m.Load(ptr, m.Gep(ptr, args, m.ConstI64(k)), 8)).ToArray();
        m.Br(loop);
        m.PositionAtEnd(loop);
        var i = m.Phi(m.I64, "i");
        var values = buffers[..inputs].Select(b => m.Load(m.F32, m.Gep(m.F32, b, i), 4)).ToArray();
        m.Store(op(m, values), m.Gep(m.F32, buffers[inputs], i), 4);
        var next = m.NswAdd(i, m.ConstI64(1), "next");
        m.AddIncoming(i, m.ConstI64(0), entry);
        m.AddIncoming(i, next, m.CurrentBlock);
        m.CondBr(m.ICmp(IntPredicate.Eq, next, m.ConstI64(N)), exit, loop);
        m.PositionAtEnd(exit);
        m.RetVoid();
    }
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
internal sealed class PackageTempDir : IDisposable
{
    public PackageTempDir() => Path = Directory.CreateTempSubdirectory("qc-pkg-cli-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
