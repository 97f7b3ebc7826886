using System.Globalization;
using Onnx;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Onnx.Schemas;

namespace Qc.Onnx.Import;

/// <summary>Builds a graph IR module from one parsed ONNX model. Used once per import; reports problems, never throws for bad models.</summary>
/// <remarks>
/// Steps: reserve every ONNX value name, import the main graph (inputs, initializers, nodes in topological order,
/// subgraphs as regions), then run type inference and compare declared graph output types with the inferred ones.
/// While building, each new op is typed at once in a scratch inference context, so upgrades that depend on ranks
/// (legacy Softmax, legacy broadcasting) can see them; the scratch diagnostics are discarded.
/// </remarks>
internal sealed partial class ModelImporter
{
    private readonly ModelProto _model;
    private readonly string _path;
    private readonly string? _baseDirectory;
    private readonly ImportOptions _options;
    private readonly DiagnosticBag _bag;
    private readonly OnnxSchemaSet _schemas = OnnxSchemaSet.Default;
    private readonly GraphModule _module;
    private readonly InferenceContext _scratch;
    private readonly Dictionary<Op, Location> _locations = [];
    private readonly HashSet<string> _onnxNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _generatedNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _opsets = new(StringComparer.Ordinal);
    private readonly Dictionary<GraphProto, HashSet<string>> _freeVariables = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string Domain, string Name), FunctionProto> _functions = [];
    private bool _reportedMissingOpset;

    public ModelImporter(ModelProto model, string path, string? baseDirectory, ImportOptions options, DiagnosticBag bag)
    {
        _model = model;
        _path = path;
        _baseDirectory = baseDirectory;
        _options = options;
        _bag = bag;
        _module = new GraphModule(string.IsNullOrEmpty(model.Graph.Name) ? "main" : model.Graph.Name);
        _scratch = new InferenceContext(_module, new DiagnosticBag(), Locate);
        foreach (var o in model.OpsetImport)
        {
            _opsets[OnnxSchemaSet.Normalize(o.Domain)] = o.Version;
        }

        foreach (var f in model.Functions)
        {
            _functions.TryAdd((OnnxSchemaSet.Normalize(f.Domain), f.Name), f);
        }
    }

    /// <summary>Imports the model.</summary>
    public GraphModule Run()
    {
        CollectNames(_model.Graph);
        _module.Metadata = BuildMetadata();
        var main = ImportGraph(_model.Graph, _module.Main, parent: null, isMain: true);
        CheckPinnedNames();
        if (_options.InferTypes)
        {
            TypeInference.Run(_module, _bag, Locate);
            CheckDeclaredOutputs(main, _model.Graph);
        }
        else
        {
            ForgetInferredTypes(_module.Main);
        }

        return _module;
    }

    /// <summary>The location of an op for diagnostics: the ONNX node it came from.</summary>
    private Location Locate(Op op) => _locations.TryGetValue(op, out var l) ? l : new FileLocation(_path);

    /// <summary>A value scope: one ONNX graph or subgraph, with its enclosing scope.</summary>
    private sealed class Scope(Scope? parent, Graph graph)
    {
        public Scope? Parent { get; } = parent;

        public Graph Graph { get; } = graph;

        /// <summary>Values defined in this graph, by ONNX name.</summary>
        public Dictionary<string, Value> Values { get; } = new(StringComparer.Ordinal);

        /// <summary>Declared types (value_info, inputs, outputs) of this graph, by ONNX name.</summary>
        public Dictionary<string, TypeProto> Declared { get; } = new(StringComparer.Ordinal);

        /// <summary>Names that nodes of this graph produce (to tell a cycle from a missing definition).</summary>
        public HashSet<string> Produced { get; } = new(StringComparer.Ordinal);

        public Value? Resolve(string name)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s.Values.TryGetValue(name, out var v))
                {
                    return v;
                }
            }

            return null;
        }

        public bool IsProducedLater(string name)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s.Produced.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }

        public TypeProto? DeclaredType(string name)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s.Declared.TryGetValue(name, out var t))
                {
                    return t;
                }
            }

            return null;
        }
    }

    private Scope ImportGraph(GraphProto g, Graph target, Scope? parent, bool isMain)
    {
        var scope = new Scope(parent, target);
        var graphLocation = new FileLocation(_path);
        foreach (var vi in g.ValueInfo.Concat(g.Output).Concat(g.Input))
        {
            if (vi.Type is { } t && vi.Name.Length > 0)
            {
                scope.Declared.TryAdd(vi.Name, t);
            }
        }

        var initializerNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in g.Initializer.Select(t => t.Name).Concat(g.SparseInitializer.Select(s => s.Values?.Name ?? "")))
        {
            if (name.Length > 0 && !initializerNames.Add(name))
            {
                _bag.ReportDuplicateValueName(graphLocation, name, "two initializers");
            }
        }

        foreach (var node in g.Node)
        {
            foreach (var o in node.Output)
            {
                if (o.Length > 0)
                {
                    scope.Produced.Add(o);
                }
            }
        }

        ImportInputs(g, scope, initializerNames, isMain);
        foreach (var t in g.Initializer)
        {
            ImportInitializer(t.Name, () => OnnxTensors.ToTensorData(t, _baseDirectory), FallbackType(t),
                t.DataLocation == TensorProto.Types.DataLocation.External, scope);
        }

        foreach (var s in g.SparseInitializer)
        {
            var name = s.Values?.Name ?? "";
            ImportInitializer(name, () => SparseTensors.Densify(s, _baseDirectory),
                TensorType.Of(s.Values is { } v && ElementTypes.IsDefined(v.DataType) ? (ElementType)v.DataType : ElementType.Unknown,
                    s.Dims.Select(d => Math.Max(d, 0))), external: false, scope);
        }

        var (order, cycles) = TopologicalOrder.Sort(g, FreeVariables);
        foreach (var c in cycles)
        {
            var node = g.Node[c.FirstNode];
            _bag.ReportCycle(NodeLocationOf(node, c.FirstNode), c.Values);
        }

        foreach (var index in order)
        {
            ImportNode(g.Node[index], index, scope);
        }

        var outputs = new List<Value>();
        foreach (var o in g.Output)
        {
            if (scope.Resolve(o.Name) is { } v)
            {
                outputs.Add(v);
            }
            else
            {
                _bag.ReportUndefinedValue(graphLocation, o.Name,
                    isMain ? "the graph outputs" : $"the outputs of subgraph '{target.Name}'");
            }
        }

        target.SetOutputs(outputs);
        return scope;
    }

    private void ImportInputs(GraphProto g, Scope scope, HashSet<string> initializerNames, bool isMain)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in g.Input)
        {
            var name = input.Name;
            if (!seen.Add(name))
            {
                _bag.ReportDuplicateValueName(new FileLocation(_path), name, "two graph inputs");
                continue;
            }

            Dim[]? pins = null;
            var pinned = isMain && _options.InputShapes is { } shapes && shapes.TryGetValue(name, out pins);
            if (initializerNames.Contains(name) && !pinned)
            {
                continue; // an input with a default (initializer): treated as a constant
            }

            var type = DeclaredType(name, input.Type, new FileLocation(_path));
            if (pinned && pins is not null)
            {
                type = Pin(name, type, pins);
            }

            var p = scope.Graph.AddParameter(_module.UniqueName(name.Length > 0 ? name : FreshName("input")), type);
            if (name.Length > 0)
            {
                scope.Values[name] = p;
            }
        }
    }

    private void ImportInitializer(string name, Func<TensorData> read, TensorType fallback, bool external, Scope scope)
    {
        if (name.Length == 0 || scope.Values.ContainsKey(name))
        {
            return; // unnamed initializers cannot be used; pinned inputs shadow their defaults
        }

        var location = new NodeLocation(_path, name, "initializer");
        var data = ReadTensor(read, location, external);
        var entry = data is not null ? _module.Constants.Add(name, data) : _module.Constants.AddElided(name, fallback);
        var op = ConstantOp.Create(_module, scope.Graph, entry, name);
        _locations[op] = location;
        scope.Values[name] = op.Result;
    }

    /// <summary>Reads tensor data, reporting malformed data; null on failure.</summary>
    private TensorData? ReadTensor(Func<TensorData> read, Location location, bool external)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is OnnxFormatException or ArgumentException or OverflowException or FormatException
            or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            if (external || e is IOException or UnauthorizedAccessException)
            {
                _bag.ReportBadExternalData(location, e.Message);
            }
            else
            {
                _bag.ReportBadTensorData(location, e.Message);
            }

            return null;
        }
    }

    private static TensorType FallbackType(TensorProto t) =>
        TensorType.Of(ElementTypes.IsDefined(t.DataType) ? (ElementType)t.DataType : ElementType.Unknown, t.Dims.Select(d => Math.Max(d, 0)));

    /// <summary>Converts a declared type, warning about parts the IR cannot represent.</summary>
    private IrType DeclaredType(string name, TypeProto? type, Location location)
    {
        var ir = OnnxValueTypes.ToIrType(type, out var unsupported);
        if (unsupported is not null)
        {
            _bag.ReportUnsupportedType(location, name, unsupported);
        }

        return ir;
    }

    private IrType Pin(string name, IrType declared, Dim[] pins)
    {
        if (declared is TensorType { Dims: { } dims } t)
        {
            if (dims.Length != pins.Length)
            {
                _bag.ReportPinnedRank(_path, name, pins.Length, dims.Length);
                return declared;
            }

            var merged = new Dim[dims.Length];
            for (var i = 0; i < dims.Length; i++)
            {
                if (dims[i].IsStatic && pins[i].IsStatic && dims[i].Value != pins[i].Value)
                {
                    _bag.ReportPinnedDim(_path, name, i, pins[i].ToString(), dims[i].Value!.Value);
                }

                merged[i] = dims[i].IsStatic ? dims[i] : pins[i];
            }

            return new TensorType(t.ElementType, merged);
        }

        return new TensorType(declared is TensorType u ? u.ElementType : ElementType.Unknown, pins);
    }

    private void CheckPinnedNames()
    {
        if (_options.InputShapes is not { } shapes)
        {
            return;
        }

        var inputs = _model.Graph.Input.Select(i => i.Name).ToList();
        foreach (var name in shapes.Keys.Order(StringComparer.Ordinal))
        {
            if (!inputs.Contains(name))
            {
                _bag.ReportPinnedUnknownInput(_path, name, inputs);
            }
        }
    }

    private void CheckDeclaredOutputs(Scope main, GraphProto g)
    {
        foreach (var o in g.Output)
        {
            if (main.Resolve(o.Name) is not { } value || o.Type is null)
            {
                continue;
            }

            var declared = OnnxValueTypes.ToIrType(o.Type, out _);
            if (OnnxValueTypes.Contradiction(declared, value.Type) is { } what)
            {
                _bag.ReportOutputTypeMismatch(_path, o.Name, declared.ToString(), value.Type.ToString(), what);
            }
        }
    }

    /// <summary>Clears the types the scratch inference set, for imports with <see cref="ImportOptions.InferTypes"/> off.</summary>
    private static void ForgetInferredTypes(Graph graph)
    {
        foreach (var op in graph.Ops)
        {
            if (op is not (ConstantOp or OpaqueOp))
            {
                foreach (var r in op.Results)
                {
                    r.Type = IrType.Unknown;
                }
            }

            foreach (var region in op.Regions)
            {
                ForgetInferredTypes(region.Body);
            }
        }
    }

    private AttributeMap BuildMetadata()
    {
        var items = new List<KeyValuePair<string, AttributeValue>>
        {
            new("ir_version", new IntAttr(_model.IrVersion)),
            new("opset_import", new StringsAttr([.. _model.OpsetImport.Select(o =>
                OnnxDiagnosticCodes.DomainName(OnnxSchemaSet.Normalize(o.Domain)) + ":" + o.Version.ToString(CultureInfo.InvariantCulture))])),
        };
        if (_model.ProducerName.Length > 0)
        {
            items.Add(new("producer_name", new StringAttr(_model.ProducerName)));
        }

        if (_model.ProducerVersion.Length > 0)
        {
            items.Add(new("producer_version", new StringAttr(_model.ProducerVersion)));
        }

        if (_model.Domain.Length > 0)
        {
            items.Add(new("domain", new StringAttr(_model.Domain)));
        }

        if (_model.HasModelVersion)
        {
            items.Add(new("model_version", new IntAttr(_model.ModelVersion)));
        }

        return AttributeMap.From(items);
    }

    /// <summary>Records every value name of the model (all scopes), so generated names never take one.</summary>
    private void CollectNames(GraphProto g)
    {
        foreach (var i in g.Input)
        {
            _onnxNames.Add(i.Name);
        }

        foreach (var t in g.Initializer)
        {
            _onnxNames.Add(t.Name);
        }

        foreach (var s in g.SparseInitializer)
        {
            _onnxNames.Add(s.Values?.Name ?? "");
        }

        foreach (var n in g.Node)
        {
            foreach (var o in n.Output)
            {
                _onnxNames.Add(o);
            }

            foreach (var a in n.Attribute)
            {
                if (a.G is { } sub)
                {
                    CollectNames(sub);
                }

                foreach (var s in a.Graphs)
                {
                    CollectNames(s);
                }
            }
        }
    }

    /// <summary>A value name no ONNX value has and no other generated value took.</summary>
    private string FreshName(string preferred)
    {
        var candidate = preferred;
        for (var i = 1; _onnxNames.Contains(candidate) || !_generatedNames.Add(candidate); i++)
        {
            candidate = preferred + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private IReadOnlySet<string> FreeVariables(GraphProto g)
    {
        if (!_freeVariables.TryGetValue(g, out var free))
        {
            free = TopologicalOrder.FreeVariables(g, FreeVariables);
            _freeVariables[g] = free;
        }

        return free;
    }

    /// <summary>The opset the model imports for a domain; a missing ai.onnx import is reported once and treated as the newest.</summary>
    private long OpsetOf(string domain)
    {
        if (_opsets.TryGetValue(domain, out var v))
        {
            return v;
        }

        if (domain.Length == 0)
        {
            if (!_reportedMissingOpset)
            {
                _reportedMissingOpset = true;
                _bag.ReportMissingOpsetImport(_path);
            }

            return OnnxSchemaSet.MaxOpset;
        }

        return 1;
    }

    private static string NodeLabel(NodeProto node, int index) =>
        node.Name.Length > 0 ? node.Name
        : node.Output.FirstOrDefault(o => o.Length > 0) ?? "#" + index.ToString(CultureInfo.InvariantCulture);

    private NodeLocation NodeLocationOf(NodeProto node, int index) => new(_path, NodeLabel(node, index), node.OpType);

    /// <summary>Drops trailing absent inputs (an ONNX node may list trailing empty names for omitted optional inputs).</summary>
    private static List<Value?> TrimInputs(IReadOnlyList<Value?> inputs)
    {
        var n = inputs.Count;
        while (n > 0 && inputs[n - 1] is null)
        {
            n--;
        }

        return [.. inputs.Take(n)];
    }
}
