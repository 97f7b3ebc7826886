using Qc.Core.Diagnostics;

namespace Qc.Ir.Graph;

/// <summary>Checks the structural invariants of a module: SSA definitions before use, unique names, arity, attribute kinds,
/// required attributes, regions, constants, and (optionally) that every value has a known type.</summary>
/// <remarks>Codes QC34xx. Run after import and after every pass in tests.</remarks>
public static class GraphVerifier
{
    /// <summary>Verifies the module, adding one diagnostic per violation. Returns true when there is none.</summary>
    public static bool Verify(GraphModule module, DiagnosticBag diagnostics, bool requireTypes = false, Func<Op, Location>? locate = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var before = diagnostics.Count;
        var state = new State(module, diagnostics, requireTypes, locate ?? (_ => Location.None));
        state.VerifyGraph(module.Main, []);
        return diagnostics.Count == before;
    }

    private sealed class State(GraphModule module, DiagnosticBag bag, bool requireTypes, Func<Op, Location> locate)
    {
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);

        public void VerifyGraph(Graph graph, List<HashSet<Value>> outer)
        {
            var visible = new HashSet<Value>();
            var scopes = new List<HashSet<Value>>(outer) { visible };
            foreach (var p in graph.Parameters)
            {
                Define(p, null);
                visible.Add(p);
            }

            foreach (var op in graph.Ops)
            {
                if (op.Parent != graph)
                {
                    bag.Error(3401, locate(op), $"op 'graph.{op.Mnemonic}' has a wrong parent graph");
                }

                for (var i = 0; i < op.Inputs.Count; i++)
                {
                    if (op.Inputs[i] is { } input && !scopes.Any(s => s.Contains(input)))
                    {
                        bag.Error(3402, locate(op), $"input {i} of 'graph.{op.Mnemonic}' uses '%{input.Name}' before it is defined or outside its scope");
                    }
                }

                VerifyOp(op);
                foreach (var region in op.Regions)
                {
                    VerifyGraph(region.Body, scopes);
                }

                foreach (var r in op.Results)
                {
                    Define(r, op);
                    visible.Add(r);
                }
            }

            foreach (var o in graph.Outputs)
            {
                if (!scopes.Any(s => s.Contains(o)))
                {
                    bag.Error(3403, Location.None, $"graph '{graph.Name}' returns '%{o.Name}', which is not defined in it or an enclosing graph");
                }
            }
        }

        private void Define(Value v, Op? op)
        {
            if (!_names.Add(v.Name))
            {
                bag.Error(3404, op is null ? Location.None : locate(op), $"value name '%{v.Name}' is defined more than once");
            }

            if (requireTypes && v.Type is UnknownType && op is not OpaqueOp)
            {
                bag.Error(3405, op is null ? Location.None : locate(op), $"value '%{v.Name}' has no type");
            }
        }

        private void VerifyOp(Op op)
        {
            var s = op.Schema;
            var loc = locate(op);
            if (op is ConstantOp c)
            {
                if (!module.Constants.TryGet(c.Constant.Name, out var entry) || entry != c.Constant)
                {
                    bag.Error(3406, loc, $"constant '@{c.Constant.Name}' is not in the module's constant table");
                }

                return;
            }

            if (op is OpaqueOp)
            {
                return;
            }

            if (op.Inputs.Count < s.MinInputs || op.Inputs.Count > s.MaxInputs)
            {
                bag.Error(3407, loc, $"'graph.{op.Mnemonic}' has {op.Inputs.Count} inputs, expected {Range(s.MinInputs, s.MaxInputs)}");
            }

            if (op.Results.Length < s.MinOutputs || op.Results.Length > s.MaxOutputs)
            {
                bag.Error(3407, loc, $"'graph.{op.Mnemonic}' has {op.Results.Length} results, expected {Range(s.MinOutputs, s.MaxOutputs)}");
            }

            foreach (var (name, value) in op.Attributes)
            {
                var spec = s.FindAttribute(name);
                if (spec is null)
                {
                    bag.Error(3408, loc, $"'graph.{op.Mnemonic}' has no attribute '{name}'");
                }
                else if (spec.Kind != value.Kind)
                {
                    bag.Error(3409, loc, $"attribute '{name}' of 'graph.{op.Mnemonic}' must be {spec.Kind}, not {value.Kind}");
                }
            }

            foreach (var spec in s.Attributes)
            {
                if (spec.Required && !op.Attributes.Contains(spec.Name))
                {
                    bag.Error(3410, loc, $"'graph.{op.Mnemonic}' needs attribute '{spec.Name}'");
                }
            }

            var names = op.Regions.Select(r => r.Name).ToList();
            if (!names.SequenceEqual(s.RegionNames.Where(names.Contains)) || s.RegionNames.Any(n => !names.Contains(n)))
            {
                bag.Error(3411, loc, $"'graph.{op.Mnemonic}' must have regions ({string.Join(", ", s.RegionNames)}), has ({string.Join(", ", names)})");
            }
        }

        private static string Range(int min, int max) => max == OpSchema.Variadic ? $"at least {min}" : min == max ? $"{min}" : $"{min} to {max}";
    }
}
