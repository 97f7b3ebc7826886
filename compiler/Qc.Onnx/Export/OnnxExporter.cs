using System.Collections.Immutable;
using System.Globalization;
using Onnx;
using Qc.Core.Diagnostics;
using Qc.Ir.Graph;

namespace Qc.Onnx.Export;

/// <summary>Writes a graph IR module as an ONNX model (<c>ModelProto</c>, IR version 10, ai.onnx opset 22).</summary>
/// <remarks>
/// Graph IR ops carry the semantics of the newest ONNX version of their operator with every attribute written out, so
/// each op becomes one node of its ONNX type at opset 22. Regions become graph attributes, constants become initializers
/// (those at the start of a graph) or <c>Constant</c> nodes (the others, so a re-import keeps the op order), value names
/// are kept, and opaque ops keep their domain, attributes and regions. The bytes are deterministic. Export followed by
/// <see cref="OnnxImporter"/> gives the same IR text apart from the module header. Never throws for a malformed module:
/// problems are QC35xx diagnostics and an unexpected exception is QC9001. See specs/onnx-export.md.
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The IR version written.</summary>
    public const long IrVersion = 10;

    /// <summary>The ai.onnx opset written.</summary>
    public const long Opset = 22;

    /// <summary>Exports a module.</summary>
    public static ExportResult Export(GraphModule module, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var bag = new DiagnosticBag();
        ModelProto? model;
        try
        {
            model = new ModelWriter(module, options ?? new ExportOptions(), bag).Write();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            bag.ReportInternalError(e);
            model = null;
        }

        return new ExportResult(bag.HasErrors ? null : model, [.. bag]);
    }

    /// <summary>Exports a module and writes it to <paramref name="path"/> (temporary file, then rename).</summary>
    public static ExportResult ExportFile(GraphModule module, string path, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var result = Export(module, options);
        if (!result.Success)
        {
            return result;
        }

        var tmp = path + ".tmp";
        try
        {
            File.WriteAllBytes(tmp, result.ToBytes());
            File.Move(tmp, path, overwrite: true);
            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var bag = new DiagnosticBag();
            bag.AddRange(result.Diagnostics);
            bag.ReportWriteFailed(path, e.Message);
            return new ExportResult(null, [.. bag]);
        }
    }

    /// <summary>The ONNX domain of an op ("" for ai.onnx) and the opset version the model imports for it.</summary>
    internal static string DomainOf(Op op) => op switch
    {
        OpaqueOp o => o.Domain == "ai.onnx" ? string.Empty : o.Domain,
        _ => op.Schema.Domain == "ai.onnx" ? string.Empty : op.Schema.Domain,
    };

    /// <summary>The ONNX op type written for an op: its own, except for ops ONNX deprecated before opset 22, which are written
    /// as their replacement with the same meaning (Scatter-11 is ScatterElements with reduction "none").</summary>
    internal static string OpTypeOf(Op op) => op switch
    {
        OpaqueOp o => o.OpType,
        _ when op.Schema.Domain.Length == 0 && op.Schema.OpType == "Scatter" => "ScatterElements",
        _ => op.Schema.OpType,
    };

    /// <summary>Builds one model.</summary>
    private sealed class ModelWriter(GraphModule module, ExportOptions options, DiagnosticBag bag)
    {
        private readonly SortedDictionary<string, long> _domains = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _declaredOpsets = ReadOpsets(module.Metadata);

        public ModelProto Write()
        {
            var model = new ModelProto
            {
                IrVersion = IrVersion,
                ProducerName = options.ProducerName ?? module.Metadata.GetString("producer_name", "qc"),
                ProducerVersion = options.ProducerVersion ?? module.Metadata.GetString("producer_version", string.Empty),
            };
            if (module.Metadata.GetString("domain", string.Empty) is { Length: > 0 } domain)
            {
                model.Domain = domain;
            }

            if (module.Metadata.TryGet("model_version", out var mv) && mv is IntAttr version)
            {
                model.ModelVersion = version.Value;
            }

            model.Graph = WriteGraph(module.Main, isMain: true);
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
            foreach (var (d, v) in _domains)
            {
                model.OpsetImport.Add(new OperatorSetIdProto { Domain = d, Version = v });
            }

            return model;
        }

        private GraphProto WriteGraph(Graph graph, bool isMain)
        {
            var g = new GraphProto { Name = graph.Name };
            foreach (var p in graph.Parameters)
            {
                if (isMain && p.Type is UnknownType)
                {
                    bag.ReportUntypedInput(p.Name);
                }

                g.Input.Add(OnnxTypes.ValueInfo(p.Name, p.Type));
            }

            var uses = CountUses(graph);
            var leading = true;
            foreach (var op in graph.Ops)
            {
                if (op is ConstantOp c)
                {
                    if (c.Constant.Data is not { } data)
                    {
                        bag.ReportElidedConstant(c.Constant.Name);
                        continue;
                    }

                    if (leading)
                    {
                        g.Initializer.Add(OnnxTensors.FromTensorData(data, c.Result.Name));
                    }
                    else
                    {
                        var node = new NodeProto { OpType = "Constant", Name = c.Name ?? string.Empty };
                        node.Output.Add(c.Result.Name);
                        node.Attribute.Add(new AttributeProto
                        {
                            Name = "value",
                            Type = AttributeProto.Types.AttributeType.Tensor,
                            T = OnnxTensors.FromTensorData(data),
                        });
                        g.Node.Add(node);
                    }

                    continue;
                }

                leading = false;
                g.Node.Add(WriteNode(op, uses));
                if (options.ValueInfo || op is OpaqueOp)
                {
                    foreach (var r in op.Results)
                    {
                        if (r.Type is not UnknownType && uses.ContainsKey(r) && !graph.Outputs.Contains(r))
                        {
                            g.ValueInfo.Add(OnnxTypes.ValueInfo(r.Name, r.Type));
                        }
                    }
                }
            }

            foreach (var o in graph.Outputs)
            {
                g.Output.Add(OnnxTypes.ValueInfo(o.Name, o.Type));
            }

            return g;
        }

        private NodeProto WriteNode(Op op, Dictionary<Value, int> uses)
        {
            var domain = DomainOf(op);
            var opType = OpTypeOf(op);
            if (op is OpaqueOp && domain.Length == 0)
            {
                bag.ReportOpaqueOnnxOp(opType, op.Name);
            }

            if (domain.Length > 0 && !_domains.ContainsKey(domain))
            {
                _domains[domain] = _declaredOpsets.TryGetValue(domain, out var v) ? v : 1;
            }

            var node = new NodeProto { OpType = opType, Domain = domain, Name = op.Name ?? string.Empty };
            foreach (var input in op.Inputs)
            {
                node.Input.Add(input?.Name ?? string.Empty);
            }

            var label = op.Name ?? op.Results.Select(r => r.Name).FirstOrDefault(n => !IsUnusedName(n, null, 0)) ?? string.Empty;
            for (var i = 0; i < op.Results.Length; i++)
            {
                var r = op.Results[i];
                // An output the source model left empty was named "{node}_unused{i}" by the importer: write it empty again.
                node.Output.Add(!uses.ContainsKey(r) && IsUnusedName(r.Name, label, i) ? string.Empty : r.Name);
            }

            foreach (var (name, value) in op.Attributes)
            {
                node.Attribute.Add(OnnxTypes.Attribute(name, value));
            }

            foreach (var region in op.Regions)
            {
                node.Attribute.Add(new AttributeProto
                {
                    Name = region.Name,
                    Type = AttributeProto.Types.AttributeType.Graph,
                    G = WriteGraph(region.Body, isMain: false),
                });
            }

            return node;
        }

        /// <summary>Whether a name has the importer's form for an empty ONNX output: <c>{label}_unused{i}</c>, maybe with a <c>_k</c> suffix.</summary>
        private static bool IsUnusedName(string name, string? label, int index)
        {
            if (label is null)
            {
                return name.Contains("_unused", StringComparison.Ordinal);
            }

            var stem = label + "_unused" + index.ToString(CultureInfo.InvariantCulture);
            if (name == stem)
            {
                return true;
            }

            return name.StartsWith(stem + "_", StringComparison.Ordinal) && name[(stem.Length + 1)..].All(char.IsAsciiDigit);
        }

        /// <summary>Counts the uses of values in a graph and its regions (as inputs and as outputs).</summary>
        private static Dictionary<Value, int> CountUses(Graph graph)
        {
            var uses = new Dictionary<Value, int>();
            Visit(graph);
            return uses;

            void Visit(Graph g)
            {
                foreach (var op in g.Ops)
                {
                    foreach (var i in op.Inputs)
                    {
                        if (i is not null)
                        {
                            uses[i] = uses.GetValueOrDefault(i) + 1;
                        }
                    }

                    foreach (var r in op.Regions)
                    {
                        Visit(r.Body);
                    }
                }

                foreach (var o in g.Outputs)
                {
                    uses[o] = uses.GetValueOrDefault(o) + 1;
                }
            }
        }

        private static Dictionary<string, long> ReadOpsets(AttributeMap metadata)
        {
            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            if (metadata.GetStrings("opset_import") is not { } entries)
            {
                return result;
            }

            foreach (var e in entries)
            {
                var colon = e.LastIndexOf(':');
                if (colon > 0 && long.TryParse(e.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                {
                    var domain = e[..colon];
                    result[domain == "ai.onnx" ? string.Empty : domain] = v;
                }
            }

            return result;
        }
    }
}
