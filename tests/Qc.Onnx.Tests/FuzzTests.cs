using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Onnx;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;
using Xunit.Abstractions;

namespace Qc.Onnx.Tests;

/// <summary>Seeded random byte mutations of real models: the importer must never throw, and a failed import must say why.</summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static readonly string[] s_cases =
    [
        "node/test_add", "node/test_conv_with_strides_padding", "node/test_if", "node/test_loop11", "node/test_split_equal_parts_1d",
        "node/test_softmax_axis_1", "node/test_constant_pad", "pytorch-converted/test_BatchNorm2d_eval",
    ];

    [RequiresFileFact("testdata")]
    public void MutatedNodeTestModelsNeverThrow() =>
        Fuzz(s_cases.Select(c => (c, File.ReadAllBytes(TestPaths.Case(c)))).ToList(), mutantsPerModel: 400, seed: 20260101, Mutate);

    [RequiresFileFact("testdata")]
    public void StructurallyMutatedNodeTestModelsNeverThrow() =>
        Fuzz(s_cases.Select(c => (c, File.ReadAllBytes(TestPaths.Case(c)))).ToList(), mutantsPerModel: 250, seed: 99, MutateStructure);

    [RequiresFileFact("cls")]
    public void MutatedClsModelNeverThrows() =>
        Fuzz([("cls", File.ReadAllBytes(TestPaths.ClsModel))], mutantsPerModel: 300, seed: 7, Mutate);

    [RequiresFileFact("cls")]
    public void StructurallyMutatedClsModelNeverThrows() =>
        Fuzz([("cls", File.ReadAllBytes(TestPaths.ClsModel))], mutantsPerModel: 150, seed: 11, MutateStructure);

    private void Fuzz(List<(string Name, byte[] Bytes)> models, int mutantsPerModel, int seed, Func<byte[], Random, byte[]> mutate)
    {
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        int total = 0, succeeded = 0, internalErrors = 0;
        var codes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, original) in models)
        {
            for (var i = 0; i < mutantsPerModel; i++)
            {
                var mutant = mutate(original, random);
                ImportResult result;
                try
                {
                    result = OnnxImporter.Import(mutant, name + ".onnx", null);
                }
                catch (Exception e)
                {
                    Assert.Fail($"import of mutant {i} of {name} (seed {seed}) threw {e}");
                    return;
                }

                total++;
                if (result.Success)
                {
                    succeeded++;
                    var verify = new DiagnosticBag();
                    Assert.True(GraphVerifier.Verify(result.Module!, verify),
                        $"mutant {i} of {name} imported but does not verify:\n{DiagnosticFormatter.Format(verify)}");
                    continue;
                }

                Assert.True(result.Diagnostics.Any(d => d.IsError), $"mutant {i} of {name} failed without an error diagnostic");
                var first = result.Diagnostics.First(d => d.IsError);
                codes[first.Code.ToString()] = codes.GetValueOrDefault(first.Code.ToString()) + 1;
                if (result.Diagnostics.FirstOrDefault(d => d.Code.Number >= 9000) is { } bug)
                {
                    // QC9001 (importer) or QC9002 (an op's type inference threw): bugs to fix, listed for whoever owns them.
                    internalErrors++;
                    output.WriteLine($"internal error on mutant {i} of {name}: {DiagnosticFormatter.Format(bug)}");
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total} mutants in {watch.Elapsed.TotalSeconds:F1} s: {succeeded} imported, {internalErrors} internal errors; first errors: {string.Join(", ", codes.Select(kv => kv.Key + " x" + kv.Value))}"));
    }

    private static readonly string[] s_opTypes =
    [
        "Conv", "Add", "Relu", "Reshape", "Slice", "Split", "Softmax", "Gather", "Concat", "Resize", "Pad", "Clip", "If", "Loop",
        "BatchNormalization", "MatMul", "Transpose", "Squeeze", "Unsqueeze", "ReduceSum", "TopK", "Upsample", "Cast", "Expand", "Tile",
        "ConstantOfShape", "Range", "Where", "Constant", "LSTM", "Scan", "Frobnicate",
    ];

    private static readonly string[] s_attributeNames = ["axis", "axes", "perm", "value", "to", "mode", "split", "pads", "body", "then_branch"];

    /// <summary>One to three edits of the parsed model: op types, names, attributes, tensor dims and types, opset, node order.</summary>
    private static byte[] MutateStructure(byte[] original, Random random)
    {
        var model = ModelProto.Parser.ParseFrom(original);
        var g = model.Graph;
        var names = g.Node.SelectMany(n => n.Input.Concat(n.Output)).Concat(g.Input.Select(i => i.Name)).Append("").Append("nope").ToList();
        for (var e = random.Next(1, 4); e > 0; e--)
        {
            var node = g.Node.Count > 0 ? g.Node[random.Next(g.Node.Count)] : null;
            switch (random.Next(10))
            {
                case 0 when node is not null:
                    node.OpType = s_opTypes[random.Next(s_opTypes.Length)];
                    break;
                case 1 when node is not null && node.Input.Count > 0:
                    node.Input[random.Next(node.Input.Count)] = names[random.Next(names.Count)];
                    break;
                case 2 when node is not null:
                    if (node.Attribute.Count > 0 && random.Next(2) == 0)
                    {
                        node.Attribute.RemoveAt(random.Next(node.Attribute.Count));
                    }
                    else
                    {
                        var a = new AttributeProto { Name = s_attributeNames[random.Next(s_attributeNames.Length)] };
                        a.Type = (AttributeProto.Types.AttributeType)random.Next(0, 15);
                        a.I = random.Next(-5, 5);
                        a.Ints.Add(random.Next(-3, 3));
                        a.F = (float)random.NextDouble();
                        a.S = ByteString.CopyFromUtf8("nearest");
                        node.Attribute.Add(a);
                    }

                    break;
                case 3 when node is not null && node.Attribute.Count > 0:
                    var attr = node.Attribute[random.Next(node.Attribute.Count)];
                    attr.Type = (AttributeProto.Types.AttributeType)random.Next(0, 15);
                    break;
                case 4 when g.Initializer.Count > 0:
                    var t = g.Initializer[random.Next(g.Initializer.Count)];
                    if (random.Next(2) == 0 && t.Dims.Count > 0)
                    {
                        t.Dims[random.Next(t.Dims.Count)] = random.Next(-2, 5);
                    }
                    else
                    {
                        t.DataType = random.Next(0, 25);
                    }

                    break;
                case 5:
                    model.OpsetImport[0].Version = random.Next(1, 24);
                    break;
                case 6 when node is not null:
                    g.Node.Remove(node);
                    g.Node.Insert(random.Next(g.Node.Count + 1), node);
                    break;
                case 7 when node is not null:
                    g.Node.Add(node.Clone());
                    break;
                case 8 when g.Input.Count > 0:
                    var dims = g.Input[random.Next(g.Input.Count)].Type?.TensorType?.Shape?.Dim;
                    if (dims is { Count: > 0 })
                    {
                        dims[random.Next(dims.Count)].DimValue = random.Next(-1, 4);
                    }

                    break;
                default:
                    if (node is not null && node.Output.Count > 0)
                    {
                        node.Output[random.Next(node.Output.Count)] = names[random.Next(names.Count)];
                    }

                    break;
            }
        }

        return model.ToByteArray();
    }

    /// <summary>One to four random edits: flip bits, overwrite, insert or delete a few bytes, or truncate.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    var insert = new byte[random.Next(1, 9)];
                    random.NextBytes(insert);
                    bytes.InsertRange(at, insert);
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 9), bytes.Count - at));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
