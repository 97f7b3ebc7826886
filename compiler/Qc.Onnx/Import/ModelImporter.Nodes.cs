using System.Globalization;
using Onnx;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Onnx.Schemas;

namespace Qc.Onnx.Import;

/// <summary>Node import: validation against the ONNX schema, attribute conversion, constants, IR and opaque op creation.</summary>
internal sealed partial class ModelImporter
{
    /// <summary>Attributes dropped silently when an upgrade removes them: they never change what an inference graph computes.</summary>
    private static readonly HashSet<string> s_harmlessLegacyAttributes = new(StringComparer.Ordinal)
    {
        "consumed_inputs", "is_test", "spatial", "broadcast", "output_sequence",
    };

    private static readonly string[] s_constantValueAttributes =
        ["value", "sparse_value", "value_float", "value_floats", "value_int", "value_ints", "value_string", "value_strings"];

    /// <summary>One ai.onnx node on its way to the graph IR: the upgrade rules rewrite it in place.</summary>
    private sealed class NodeForm
    {
        public required NodeProto Node { get; init; }

        public required Scope Scope { get; init; }

        public required NodeLocation Location { get; init; }

        /// <summary>The node name, or its first output name: the base of generated names.</summary>
        public required string Label { get; init; }

        public required string Domain { get; init; }

        /// <summary>The op type; an upgrade may change it (Upsample becomes Resize).</summary>
        public required string OpType { get; set; }

        /// <summary>The op version in effect for the model's opset.</summary>
        public required OnnxOpSchema Version { get; init; }

        public required List<Value?> Inputs { get; set; }

        /// <summary>The explicit attributes (after conversion; defaults are added after the upgrade).</summary>
        public required Dictionary<string, AttributeValue> Attributes { get; set; }

        public required List<Region> Regions { get; init; }

        /// <summary>The IR result names, one per ONNX output.</summary>
        public required List<string> ResultNames { get; init; }

        /// <summary>The ONNX names to bind the results to (null for empty or duplicate outputs).</summary>
        public required List<string?> OnnxNames { get; init; }

        /// <summary>The node as converted, before any upgrade: the fallback when it must stay opaque.</summary>
        public required (List<Value?> Inputs, Dictionary<string, AttributeValue> Attributes) Original { get; init; }

        /// <summary>"Softmax version 11", for messages.</summary>
        public string VersionLabel => Version.Name + " version " + Version.Since.ToString(CultureInfo.InvariantCulture);
    }

    private void ImportNode(NodeProto node, int index, Scope scope)
    {
        var label = NodeLabel(node, index);
        var location = new NodeLocation(_path, label, node.OpType);
        var domain = OnnxSchemaSet.Normalize(node.Domain);
        var inputs = ResolveInputs(node, label, scope, location);
        var (irNames, onnxNames) = NameOutputs(node, label, scope, location);

        if (_functions.TryGetValue((domain, node.OpType), out var function) && !(domain.Length == 0 && _schemas.Knows(domain, node.OpType)))
        {
            if (TryInlineFunction(node, label, function, scope, location))
            {
                return;
            }

            var (fa, fg) = ConvertAttributes(node, location, null, out _);
            CreateOpaque(domain, node.OpType, inputs, fa, BuildRegions(fg, scope), irNames, onnxNames, scope, location, node);
            return;
        }

        if (domain is not ("" or "ai.onnx.preview.training"))
        {
            _bag.ReportUnknownOp(location, domain, node.OpType);
            var (ua, ug) = ConvertAttributes(node, location, null, out _);
            CreateOpaque(domain, node.OpType, inputs, ua, BuildRegions(ug, scope), irNames, onnxNames, scope, location, node);
            return;
        }

        var opset = (int)Math.Clamp(OpsetOf(domain), 0, int.MaxValue);
        if (!_schemas.TryFind(domain, node.OpType, opset, out var version))
        {
            if (_schemas.Earliest(domain, node.OpType) is { } first)
            {
                _bag.ReportOpNotInOpset(location, node.OpType, first.Since, opset);
            }
            else
            {
                _bag.ReportUnknownOp(location, domain, node.OpType);
            }

            var (xa, xg) = ConvertAttributes(node, location, null, out _);
            CreateOpaque(domain, node.OpType, inputs, xa, BuildRegions(xg, scope), irNames, onnxNames, scope, location, node);
            return;
        }

        var (attributes, graphs) = ConvertAttributes(node, location, version, out var ok);
        ok &= CheckArity(node, version, location);
        var regions = BuildRegions(graphs, scope);
        if (!ok)
        {
            CreateOpaque(domain, node.OpType, inputs, attributes, regions, irNames, onnxNames, scope, location, node);
            return;
        }

        if (domain.Length == 0 && node.OpType == "Constant")
        {
            ImportConstantNode(node, attributes, irNames, onnxNames, scope, location);
            return;
        }

        ImportKnownOp(new NodeForm
        {
            Node = node,
            Scope = scope,
            Location = location,
            Label = label,
            Domain = domain,
            OpType = node.OpType,
            Version = version,
            Inputs = inputs,
            Attributes = attributes,
            Regions = regions,
            ResultNames = irNames,
            OnnxNames = onnxNames,
            Original = ([.. inputs], new Dictionary<string, AttributeValue>(attributes, StringComparer.Ordinal)),
        });
    }

    private List<Value?> ResolveInputs(NodeProto node, string label, Scope scope, Location location)
    {
        var list = new List<Value?>(node.Input.Count);
        foreach (var name in node.Input)
        {
            if (name.Length == 0)
            {
                list.Add(null);
                continue;
            }

            var v = scope.Resolve(name);
            if (v is null && !scope.IsProducedLater(name))
            {
                _bag.ReportUndefinedValue(location, name, $"node '{label}'");
            }

            list.Add(v);
        }

        return list;
    }

    private (List<string> IrNames, List<string?> OnnxNames) NameOutputs(NodeProto node, string label, Scope scope, Location location)
    {
        var ir = new List<string>(node.Output.Count);
        var onnx = new List<string?>(node.Output.Count);
        var local = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < node.Output.Count; i++)
        {
            var name = node.Output[i];
            if (name.Length == 0)
            {
                ir.Add(FreshName(label + "_unused" + i.ToString(CultureInfo.InvariantCulture)));
                onnx.Add(null);
            }
            else if (scope.Values.ContainsKey(name) || !local.Add(name))
            {
                _bag.ReportDuplicateValueName(location, name, "a node output reuses it");
                ir.Add(FreshName(name));
                onnx.Add(null);
            }
            else
            {
                ir.Add(name);
                onnx.Add(name);
            }
        }

        return (ir, onnx);
    }

    private bool CheckArity(NodeProto node, OnnxOpSchema version, Location location)
    {
        var ok = true;
        if (node.Input.Count < version.MinInputs || node.Input.Count > version.MaxInputs)
        {
            _bag.ReportInputCount(location, node.OpType, node.Input.Count, version.MinInputs, version.MaxInputs);
            ok = false;
        }

        if (node.Output.Count < version.MinOutputs || node.Output.Count > version.MaxOutputs)
        {
            _bag.ReportOutputCount(location, node.OpType, node.Output.Count, version.MinOutputs, version.MaxOutputs);
            ok = false;
        }

        return ok;
    }

    /// <summary>Converts a node's attributes, checking them against <paramref name="version"/> when given.</summary>
    /// <returns>The attribute values and the graph attributes (to become regions).</returns>
    private (Dictionary<string, AttributeValue> Attributes, List<(string Name, GraphProto Graph)> Graphs) ConvertAttributes(
        NodeProto node, Location location, OnnxOpSchema? version, out bool ok)
    {
        ok = true;
        var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        var graphs = new List<(string, GraphProto)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in node.Attribute)
        {
            if (!seen.Add(a.Name))
            {
                continue; // a repeated attribute: the first one wins
            }

            var kind = KindOf(a);
            if (version is not null)
            {
                var spec = version.Find(a.Name);
                if (spec is null)
                {
                    if (a.Name != "consumed_inputs")
                    {
                        _bag.ReportUnknownAttribute(location, a.Name, node.OpType);
                    }

                    continue;
                }

                if (spec.Kind != kind)
                {
                    _bag.ReportAttributeType(location, a.Name, node.OpType, spec.Kind, kind);
                    ok = false;
                    continue;
                }
            }

            switch (kind)
            {
                case "GRAPH":
                    graphs.Add((a.Name, a.G ?? new GraphProto()));
                    break;
                case "GRAPHS":
                    for (var i = 0; i < a.Graphs.Count; i++)
                    {
                        graphs.Add((a.Name + "_" + i.ToString(CultureInfo.InvariantCulture), a.Graphs[i]));
                    }

                    break;
                default:
                    if (ConvertValue(a, kind, location, ref ok) is { } value)
                    {
                        attributes[a.Name] = value;
                    }

                    break;
            }
        }

        if (version is not null)
        {
            foreach (var spec in version.Attributes)
            {
                if (spec.Required && !seen.Contains(spec.Name) && spec.Name != "consumed_inputs")
                {
                    _bag.ReportMissingAttribute(location, spec.Name, node.OpType);
                    ok = false;
                }
            }
        }

        return (attributes, graphs);
    }

    private AttributeValue? ConvertValue(AttributeProto a, string kind, Location location, ref bool ok)
    {
        switch (kind)
        {
            case "FLOAT": return new FloatAttr(a.F);
            case "INT": return new IntAttr(a.I);
            case "STRING": return new StringAttr(a.S.ToStringUtf8());
            case "FLOATS": return new FloatsAttr([.. a.Floats]);
            case "INTS": return new IntsAttr([.. a.Ints]);
            case "STRINGS": return new StringsAttr([.. a.Strings.Select(s => s.ToStringUtf8())]);
            case "TYPE_PROTO": return new TypeAttr(DeclaredType(a.Name, a.Tp, location));
            case "TENSOR":
            {
                var t = a.T;
                var data = t is null ? Missing(a.Name) : ReadTensor(() => OnnxTensors.ToTensorData(t, _baseDirectory), location,
                    t.DataLocation == TensorProto.Types.DataLocation.External);
                ok &= data is not null;
                return data is null ? null : new TensorAttr(data);
            }

            case "SPARSE_TENSOR":
            {
                var s = a.SparseTensor;
                var data = s is null ? Missing(a.Name) : ReadTensor(() => SparseTensors.Densify(s, _baseDirectory), location, external: false);
                ok &= data is not null;
                return data is null ? null : new TensorAttr(data);
            }

            default:
                _bag.ReportUnsupportedAttribute(location, a.Name, kind);
                return null;
        }

        TensorData? Missing(string name)
        {
            _bag.ReportBadTensorData(location, $"attribute '{name}' has no tensor");
            return null;
        }
    }

    /// <summary>The attribute's kind: its <c>type</c> field, or for old files without one, the field that is set.</summary>
    private static string KindOf(AttributeProto a)
    {
        if (a.Type != AttributeProto.Types.AttributeType.Undefined)
        {
            return a.Type switch
            {
                AttributeProto.Types.AttributeType.Float => "FLOAT",
                AttributeProto.Types.AttributeType.Int => "INT",
                AttributeProto.Types.AttributeType.String => "STRING",
                AttributeProto.Types.AttributeType.Tensor => "TENSOR",
                AttributeProto.Types.AttributeType.Graph => "GRAPH",
                AttributeProto.Types.AttributeType.SparseTensor => "SPARSE_TENSOR",
                AttributeProto.Types.AttributeType.TypeProto => "TYPE_PROTO",
                AttributeProto.Types.AttributeType.Floats => "FLOATS",
                AttributeProto.Types.AttributeType.Ints => "INTS",
                AttributeProto.Types.AttributeType.Strings => "STRINGS",
                AttributeProto.Types.AttributeType.Tensors => "TENSORS",
                AttributeProto.Types.AttributeType.Graphs => "GRAPHS",
                AttributeProto.Types.AttributeType.SparseTensors => "SPARSE_TENSORS",
                AttributeProto.Types.AttributeType.TypeProtos => "TYPE_PROTOS",
                _ => "type " + ((int)a.Type).ToString(CultureInfo.InvariantCulture),
            };
        }

        return a switch
        {
            { HasF: true } => "FLOAT",
            { HasI: true } => "INT",
            { HasS: true } => "STRING",
            { T: not null } => "TENSOR",
            { G: not null } => "GRAPH",
            { SparseTensor: not null } => "SPARSE_TENSOR",
            { Tp: not null } => "TYPE_PROTO",
            { Floats.Count: > 0 } => "FLOATS",
            { Ints.Count: > 0 } => "INTS",
            { Strings.Count: > 0 } => "STRINGS",
            { Tensors.Count: > 0 } => "TENSORS",
            { Graphs.Count: > 0 } => "GRAPHS",
            { SparseTensors.Count: > 0 } => "SPARSE_TENSORS",
            { TypeProtos.Count: > 0 } => "TYPE_PROTOS",
            _ => "UNDEFINED",
        };
    }

    private List<Region> BuildRegions(List<(string Name, GraphProto Graph)> graphs, Scope scope)
    {
        var regions = new List<Region>(graphs.Count);
        foreach (var (name, g) in graphs)
        {
            var body = new Graph(name);
            ImportGraph(g, body, scope, isMain: false);
            regions.Add(new Region(name, body));
        }

        return regions;
    }

    private void ImportConstantNode(NodeProto node, Dictionary<string, AttributeValue> attributes, List<string> irNames,
        List<string?> onnxNames, Scope scope, Location location)
    {
        var present = node.Attribute.Select(a => a.Name).Where(s_constantValueAttributes.Contains).Distinct().ToList();
        TensorData? data = null;
        if (present.Count != 1)
        {
            _bag.ReportBadConstant(location, present.Count);
        }
        else if (attributes.TryGetValue(present[0], out var attr))
        {
            data = attr switch
            {
                TensorAttr t => t.Value,
                FloatAttr f => TensorData.Scalar(f.Value),
                FloatsAttr f => TensorData.Create<float>([f.Values.Length], f.Values.AsSpan()),
                IntAttr i => TensorData.Scalar(i.Value),
                IntsAttr i => TensorData.Create<long>([i.Values.Length], i.Values.AsSpan()),
                StringAttr s => TensorData.FromStrings([], [s.Value]),
                StringsAttr s => TensorData.FromStrings([s.Values.Length], s.Values),
                _ => null,
            };
        }

        var name = onnxNames[0] ?? irNames[0];
        var entry = data is not null ? _module.Constants.Add(name, data)
            : _module.Constants.AddElided(name, OnnxValueTypes.ToIrType(scope.DeclaredType(name), out _) is TensorType { IsStatic: true } declared
                ? declared : TensorType.Of(ElementType.Unknown, []));
        var op = ConstantOp.Create(_module, scope.Graph, entry, irNames[0], NodeNameOf(node));
        _locations[op] = location;
        Register(op, onnxNames, scope);
    }

    private void ImportKnownOp(NodeForm f)
    {
        f.Attributes.Remove("consumed_inputs");
        var newest = _schemas.Newest(f.Domain, f.OpType)!;
        if (newest != f.Version)
        {
            ApplyChangedDefaults(f, newest);
        }

        var outcome = Upgrade(f);
        if (outcome.Kind == UpgradeKind.Done)
        {
            return;
        }

        if (outcome.Kind == UpgradeKind.Opaque)
        {
            _bag.ReportNoUpgrade(f.Location, f.VersionLabel, outcome.Reason!);
            CreateOpaque(f.Domain, f.Node.OpType, f.Original.Inputs, f.Original.Attributes, f.Regions, f.ResultNames, f.OnnxNames,
                f.Scope, f.Location, f.Node);
            return;
        }

        FinishOp(f);
    }

    /// <summary>Keeps the old default explicitly where the newest version of the op changed it (Softmax's axis was 1, is -1).</summary>
    private static void ApplyChangedDefaults(NodeForm f, OnnxOpSchema newest)
    {
        foreach (var spec in f.Version.Attributes)
        {
            if (spec.Default is null || f.Attributes.ContainsKey(spec.Name) || newest.Find(spec.Name) is not { } now)
            {
                continue;
            }

            if (now.Default is null || !now.Default.Equals(spec.Default))
            {
                f.Attributes[spec.Name] = spec.Default;
            }
        }
    }

    /// <summary>Completes an upgraded node: drops stale attributes, fills defaults, and creates the IR op (or an opaque one).</summary>
    private void FinishOp(NodeForm f)
    {
        var defaulted = new List<string>();
        if (_schemas.Newest(f.Domain, f.OpType) is { } newest)
        {
            foreach (var key in f.Attributes.Keys.Order(StringComparer.Ordinal).ToList())
            {
                if (newest.Find(key) is null)
                {
                    f.Attributes.Remove(key);
                    if (!s_harmlessLegacyAttributes.Contains(key))
                    {
                        _bag.ReportLegacyAttribute(f.Location, f.OpType, key, "is not part of the newest version of the op and was dropped; results may differ");
                    }
                }
            }

            var inputCount = TrimInputs(f.Inputs).Count;
            if (inputCount > newest.MaxInputs || f.ResultNames.Count > newest.MaxOutputs)
            {
                _bag.ReportNoUpgrade(f.Location, f.VersionLabel,
                    $"the node has {inputCount.ToString(CultureInfo.InvariantCulture)} inputs and {f.ResultNames.Count.ToString(CultureInfo.InvariantCulture)} outputs, the newest version takes at most {newest.MaxInputs.ToString(CultureInfo.InvariantCulture)} and {newest.MaxOutputs.ToString(CultureInfo.InvariantCulture)}");
                CreateOpaque(f.Domain, f.Node.OpType, f.Original.Inputs, f.Original.Attributes, f.Regions, f.ResultNames, f.OnnxNames,
                    f.Scope, f.Location, f.Node);
                return;
            }

            foreach (var spec in newest.Attributes)
            {
                if ((ContextualDefault(f, spec.Name) ?? spec.Default) is { } value && f.Attributes.TryAdd(spec.Name, value))
                {
                    defaulted.Add(spec.Name);
                }
            }
        }

        if (!OpRegistry.Default.TryGetOnnx(f.Domain, f.OpType, out var schema))
        {
            _bag.ReportNoIrOp(f.Location, f.OpType);
            CreateOpaque(f.Domain, f.OpType, f.Inputs, f.Attributes, f.Regions, f.ResultNames, f.OnnxNames, f.Scope, f.Location, f.Node);
            return;
        }

        foreach (var name in defaulted)
        {
            if (schema.FindAttribute(name) is null)
            {
                f.Attributes.Remove(name);
            }
        }

        var inputs = TrimInputs(f.Inputs);
        if (inputs.Count < schema.MinInputs || inputs.Count > schema.MaxInputs
            || f.ResultNames.Count < schema.MinOutputs || f.ResultNames.Count > schema.MaxOutputs)
        {
            _bag.ReportNoIrOp(f.Location, f.OpType,
                $"'graph.{schema.Mnemonic}' does not take {inputs.Count.ToString(CultureInfo.InvariantCulture)} inputs and {f.ResultNames.Count.ToString(CultureInfo.InvariantCulture)} outputs");
            CreateOpaque(f.Domain, f.OpType, f.Inputs, f.Attributes, f.Regions, f.ResultNames, f.OnnxNames, f.Scope, f.Location, f.Node);
            return;
        }

        var op = CreateIrOp(schema, f.Scope.Graph, inputs, f.Attributes, OrderRegions(f.Regions, schema), f.ResultNames, NodeNameOf(f.Node), f.Location);
        Register(op, f.OnnxNames, f.Scope);
    }

    /// <summary>Defaults that depend on other attributes, where the schema's listed default is only right for one case:
    /// the recurrent ops' activations repeat per direction (the schema lists RNN's bidirectional default, Tanh twice).</summary>
    private static AttributeValue? ContextualDefault(NodeForm f, string attribute)
    {
        if (f.Domain.Length != 0 || attribute != "activations" || f.OpType is not ("RNN" or "GRU" or "LSTM"))
        {
            return null;
        }

        var directions = f.Attributes.GetValueOrDefault("direction") is StringAttr { Value: "bidirectional" } ? 2 : 1;
        string[] perDirection = f.OpType switch
        {
            "RNN" => ["Tanh"],
            "GRU" => ["Sigmoid", "Tanh"],
            _ => ["Sigmoid", "Tanh", "Tanh"],
        };
        return new StringsAttr([.. Enumerable.Repeat(perDirection, directions).SelectMany(a => a)]);
    }

    private static List<Region> OrderRegions(List<Region> regions, OpSchema schema)
    {
        if (schema.RegionNames.IsEmpty)
        {
            return regions;
        }

        return [.. regions.OrderBy(r => schema.RegionNames.IndexOf(r.Name) is var i && i >= 0 ? i : int.MaxValue)];
    }

    /// <summary>Creates an IR op with exactly the given result names, appends it, and types it in the scratch context.</summary>
    private Op CreateIrOp(OpSchema schema, Graph graph, IReadOnlyList<Value?> inputs, Dictionary<string, AttributeValue> attributes,
        List<Region> regions, IReadOnlyList<string> resultNames, string? nodeName, Location location)
    {
        var init = new OpInit([.. inputs], AttributeMap.From(attributes), [.. regions], [.. resultNames.Select(n => _module.UniqueName(n))])
        {
            NodeName = nodeName,
        };
        var op = schema.Create(init);
        graph.Append(op);
        _locations[op] = location;
        InferQuietly(op);
        return op;
    }

    private void CreateOpaque(string domain, string opType, IReadOnlyList<Value?> inputs, Dictionary<string, AttributeValue> attributes,
        List<Region> regions, List<string> irNames, List<string?> onnxNames, Scope scope, Location location, NodeProto node)
    {
        var init = new OpInit([.. inputs], AttributeMap.From(attributes), [.. regions], [.. irNames.Select(n => _module.UniqueName(n))])
        {
            NodeName = NodeNameOf(node),
        };
        var op = OpaqueOp.Create(domain.Length == 0 ? "ai.onnx" : domain, opType, init);
        scope.Graph.Append(op);
        _locations[op] = location;
        for (var i = 0; i < op.Results.Length; i++)
        {
            if (onnxNames[i] is { } name && scope.DeclaredType(name) is { } declared)
            {
                op.Results[i].Type = OnnxValueTypes.ToIrType(declared, out _);
            }
        }

        Register(op, onnxNames, scope);
    }

    private static void Register(Op op, List<string?> onnxNames, Scope scope)
    {
        for (var i = 0; i < op.Results.Length && i < onnxNames.Count; i++)
        {
            if (onnxNames[i] is { } name)
            {
                scope.Values[name] = op.Results[i];
            }
        }
    }

    /// <summary>Types a new op at once so later upgrades can see ranks; problems are reported by the final inference run.</summary>
    private void InferQuietly(Op op)
    {
        try
        {
            op.InferTypes(_scratch);
        }
        catch (Exception)
        {
            // The final TypeInference.Run reports inference failures with the proper location.
        }
    }

    private static string? NodeNameOf(NodeProto node) => node.Name.Length > 0 ? node.Name : null;
}
