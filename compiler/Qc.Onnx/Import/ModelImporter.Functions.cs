using Onnx;
using Qc.Core.Diagnostics;

namespace Qc.Onnx.Import;

/// <summary>Inlining of model-local functions (<c>ModelProto.functions</c>, IR version 8 and later).</summary>
internal sealed partial class ModelImporter
{
    private const int MaxInlineDepth = 16;
    private int _inlineDepth;

    /// <summary>Replaces a call of a model-local function by the function's nodes, renamed into the caller's scope.</summary>
    /// <returns>False when the function cannot be inlined (the call then stays opaque).</returns>
    private bool TryInlineFunction(NodeProto call, string label, FunctionProto function, Scope scope, Location location)
    {
        if (_inlineDepth >= MaxInlineDepth)
        {
            _bag.ReportFunction(location, $"function '{function.Name}' calls itself too deeply to inline; kept as 'graph.opaque'",
                "model-local functions must not be recursive");
            return false;
        }

        if (function.Node.Any(n => n.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0)))
        {
            _bag.ReportFunction(location, $"function '{function.Name}' has nodes with subgraphs, which qc does not inline; kept as 'graph.opaque'",
                "inline the function into the graph before importing, for example with onnx.inliner");
            return false;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < function.Input.Count; i++)
        {
            map[function.Input[i]] = i < call.Input.Count ? call.Input[i] : "";
        }

        for (var i = 0; i < function.Output.Count; i++)
        {
            map[function.Output[i]] = i < call.Output.Count && call.Output[i].Length > 0 ? call.Output[i] : FreshName(label + "/" + function.Output[i]);
        }

        foreach (var node in function.Node)
        {
            foreach (var o in node.Output)
            {
                if (o.Length > 0 && !map.ContainsKey(o))
                {
                    map[o] = FreshName(label + "/" + o);
                }
            }
        }

        var callAttributes = call.Attribute.ToDictionary(a => a.Name, StringComparer.Ordinal);
        _inlineDepth++;
        try
        {
            for (var i = 0; i < function.Node.Count; i++)
            {
                var inner = function.Node[i].Clone();
                inner.Name = label + "/" + (inner.Name.Length > 0 ? inner.Name : inner.OpType + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Rename(inner.Input, map);
                Rename(inner.Output, map);
                for (var k = inner.Attribute.Count - 1; k >= 0; k--)
                {
                    var a = inner.Attribute[k];
                    if (a.RefAttrName.Length == 0)
                    {
                        continue;
                    }

                    if (callAttributes.TryGetValue(a.RefAttrName, out var actual))
                    {
                        var copy = actual.Clone();
                        copy.Name = a.Name;
                        inner.Attribute[k] = copy;
                    }
                    else
                    {
                        inner.Attribute.RemoveAt(k);
                    }
                }

                ImportNode(inner, i, scope);
            }
        }
        finally
        {
            _inlineDepth--;
        }

        // Outputs produced under their call-site names are bound by ImportNode; nothing else to do.
        return true;
    }

    private static void Rename(Google.Protobuf.Collections.RepeatedField<string> names, Dictionary<string, string> map)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Length > 0 && map.TryGetValue(names[i], out var renamed))
            {
                names[i] = renamed;
            }
        }
    }
}
