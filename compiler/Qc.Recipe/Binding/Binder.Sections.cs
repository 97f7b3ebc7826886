using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Model;
using Qc.Recipe.Registry;
using Qc.Recipe.Syntax.Expressions;
using Qc.Recipe.Syntax.Yaml;

namespace Qc.Recipe.Binding;

/// <summary>Binding of the recipe's sections, in the order of specs/recipe.md.</summary>
internal sealed partial class Binder
{
    private static readonly string[] s_topKeys =
        ["qc", "model", "inputs", "target", "calibration", "quantize", "allocate", "prune", "evaluate", "output", "include", "vars"];

    private static readonly string[] s_dataExtensions = [".npy", ".npz", ".idx", ".pb"];

    /// <summary>Known targets: LLVM triple to CPU or GPU architectures.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Targets = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["x86_64-linux-gnu"] =
        [
            "generic", "x86-64-v2", "x86-64-v3", "x86-64-v4", "haswell", "skylake", "skylake-avx512", "cascadelake", "icelake-server",
            "sapphirerapids", "znver2", "znver3", "znver4", "znver5",
        ],
        ["aarch64-linux-gnu"] = ["generic", "cortex-a55", "cortex-a76", "cortex-a78", "neoverse-n1", "neoverse-n2", "neoverse-v1", "neoverse-v2"],
        ["nvptx64-nvidia-cuda"] = ["sm_70", "sm_75", "sm_80", "sm_86", "sm_89", "sm_90"],
    };

    private static readonly string[] s_ties = ["residual_inputs", "shared_weights", "none"];
    private static readonly string[] s_objectives = ["sensitivity", "size", "bops", "latency"];

    private BoundRecipe? BindRecipe()
    {
        if (_syntax.Root is not YamlMappingSyntax root)
        {
            var found = _syntax.Root is null ? "empty" : Found(_syntax.Root);
            _diagnostics.ReportWrongKind(_syntax.Root?.Location ?? _syntax.StartLocation, "a recipe", "a mapping of keys such as 'qc:' and 'model:'", found,
                "start with 'qc: 1' and 'model: path/to/model.onnx' (see specs/recipe.md)");
            return null;
        }

        CheckKeys(root, "the recipe", s_topKeys);
        BindVersion(root);
        BindModel(root);
        if (root.Find("target") is { } target)
        {
            BindTarget(target);
        }

        if (root.Find("calibration") is { } calibration)
        {
            BindCalibration(calibration);
        }

        if (root.Find("quantize") is { } quantize)
        {
            BindQuantize(quantize);
        }

        if (root.Find("allocate") is { } allocate)
        {
            BindAllocate(allocate);
        }

        if (root.Find("prune") is { } prune)
        {
            BindPrune(prune);
        }

        if (root.Find("evaluate") is { } evaluate)
        {
            BindEvaluate(evaluate);
        }

        if (root.Find("output") is { } output && ExpectScalar(output, "'output'", "a file path such as out/model.qcpkg") is { } outputPath)
        {
            _recipe.Output = BindPath(outputPath);
        }

        _recipe.ModelFacts = _model;
        return _recipe;
    }

    private void BindVersion(YamlMappingSyntax root)
    {
        if (root.Find("qc") is not { } entry)
        {
            _diagnostics.ReportMissingKey(_syntax.StartLocation, "qc", "the recipe", "add 'qc: 1' as the first line: it is the recipe format version");
            return;
        }

        if (ExpectScalar(entry, "'qc'", "the format version 1") is not { } scalar)
        {
            return;
        }

        if (scalar.Value.Trim() != "1")
        {
            _diagnostics.ReportUnsupportedVersion(scalar.Location, scalar.Value);
        }
    }

    private void BindModel(YamlMappingSyntax root)
    {
        var pins = root.Find("inputs") is { } inputs ? BindInputs(inputs) : [];
        _recipe.Inputs = pins;
        if (root.Find("model") is not { } entry)
        {
            _diagnostics.ReportMissingKey(_syntax.StartLocation, "model", "the recipe", "add 'model: path/to/model.onnx' (relative to the recipe)");
            return;
        }

        if (ExpectScalar(entry, "'model'", "a path to an ONNX model") is not { } scalar)
        {
            return;
        }

        var path = BindPath(scalar);
        _recipe.Model = path;
        if (!File.Exists(path.Full))
        {
            _diagnostics.ReportModelNotFound(scalar.Location, path.Display);
            return;
        }

        if (_loader is null)
        {
            return;
        }

        var result = _loader(new ModelRequest(path.Display, path.Full, [.. pins.Select(p => (p.Name, p.Dims))]));
        var pinErrors = _diagnostics.Count;
        if (!result.Inputs.IsDefaultOrEmpty)
        {
            foreach (var pin in pins)
            {
                var declared = result.Inputs.FirstOrDefault(i => i.Name == pin.Name);
                if (declared.Name is null)
                {
                    _diagnostics.ReportUnknownInput(pin.Location, pin.Name, result.Inputs.Select(i => i.Name));
                }
                else if (declared.Rank is { } rank && rank != pin.Dims.Length)
                {
                    _diagnostics.ReportInputRankMismatch(pin.Location, pin.Name, pin.Dims.Length, rank);
                }
            }
        }

        if (_diagnostics.Count > pinErrors)
        {
            return; // the import failed because of the pins, which are reported at the recipe
        }

        _diagnostics.AddRange(result.Diagnostics);
        if (result.Module is null)
        {
            return;
        }

        _model = ModelFacts.From(result.Module, path.Display);
        if (_model.Layers.IsEmpty)
        {
            _diagnostics.ReportNoWeightBearingOps(scalar.Location, path.Display);
        }
    }

    private ImmutableArray<BoundInputPin> BindInputs(YamlEntrySyntax entry)
    {
        if (ExpectMapping(entry, "'inputs'", "inputs: { x: [1, 3, 224, 224] }") is not { } mapping)
        {
            return [];
        }

        var pins = ImmutableArray.CreateBuilder<BoundInputPin>();
        foreach (var input in mapping.Entries)
        {
            var dims = new List<long>();
            var ok = true;
            switch (input.Value)
            {
                case YamlSequenceSyntax q:
                    foreach (var item in q.Items)
                    {
                        ok &= AddDim(input.Name, item, item is YamlScalarSyntax s ? s.Value : null, dims);
                    }

                    break;
                case YamlScalarSyntax { IsNull: false } s:
                    foreach (var part in s.Value.Split('x', StringSplitOptions.TrimEntries))
                    {
                        ok &= AddDim(input.Name, s, part, dims);
                    }

                    break;
                default:
                    _diagnostics.ReportBadInputDim(ValueLocation(input), input.Name, $"expected a list of dimensions, not {Found(input.Value)}");
                    ok = false;
                    break;
            }

            if (ok && dims.Count == 0)
            {
                _diagnostics.ReportBadInputDim(ValueLocation(input), input.Name, "the shape has no dimensions");
                ok = false;
            }

            if (ok)
            {
                pins.Add(new BoundInputPin(input.Name, [.. dims], input.Key.Location));
            }
        }

        return pins.ToImmutable();
    }

    private bool AddDim(string input, YamlNodeSyntax node, string? text, List<long> dims)
    {
        if (text is not null && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d)
            && d > 0 && d <= int.MaxValue)
        {
            dims.Add(d);
            return true;
        }

        _diagnostics.ReportBadInputDim(node.Location, input, text is null ? $"a dimension must be a number, not {Found(node)}" : $"'{text}' is not a positive whole number");
        return false;
    }

    private void BindTarget(YamlEntrySyntax entry)
    {
        if (ExpectScalar(entry, "'target'", "TRIPLE:CPU, such as x86_64-linux-gnu:znver4") is not { } scalar)
        {
            return;
        }

        var value = scalar.Value;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var triple = colon < 0 ? value : value[..colon];
        var cpu = colon < 0 ? "generic" : value[(colon + 1)..];
        var tripleLocation = scalar.Text.LocationOf(new Qc.Core.Text.TextSpan(0, triple.Length));
        if (triple.Length == 0 || value.Count(c => c == ':') > 1)
        {
            _diagnostics.ReportBadTargetSyntax(scalar.Location, value);
            return;
        }

        if (!Targets.TryGetValue(triple, out var cpus))
        {
            _diagnostics.ReportUnknownTarget(tripleLocation, "triple", triple, Targets.Keys);
            return;
        }

        if (colon < 0 && triple.StartsWith("nvptx", StringComparison.Ordinal))
        {
            cpu = "sm_80";
        }

        if (!cpus.Contains(cpu))
        {
            var cpuLocation = colon < 0 ? scalar.Location : scalar.Text.LocationOf(new Qc.Core.Text.TextSpan(colon + 1, cpu.Length));
            _diagnostics.ReportUnknownTarget(cpuLocation, triple.StartsWith("nvptx", StringComparison.Ordinal) ? "GPU architecture" : "CPU", cpu, cpus);
            return;
        }

        _recipe.Target = new BoundTarget(triple, cpu, scalar.Location);
    }

    private BoundPath? BindDataPath(YamlEntrySyntax entry, string what)
    {
        if (ExpectScalar(entry, $"'{what}'", "a data file or folder path") is not { } scalar)
        {
            return null;
        }

        var path = BindPath(scalar);
        var isFolder = Directory.Exists(path.Full);
        // gzip-compressed IDX and .npy files are read as they are (Fashion-MNIST ships train-images-idx3-ubyte.gz)
        var unzipped = path.Value.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path.Value[..^3] : path.Value;
        var extension = Path.GetExtension(unzipped).ToLowerInvariant();
        var known = s_dataExtensions.Contains(extension) || unzipped.EndsWith("-ubyte", StringComparison.Ordinal) || path.Value.EndsWith('/');
        if (!isFolder && extension.Length > 0 && !known)
        {
            _diagnostics.ReportBadDataFormat(scalar.Location, path.Display, extension);
            return path;
        }

        if (!isFolder && !File.Exists(path.Full))
        {
            _diagnostics.ReportDataNotFound(scalar.Location, what.Replace('.', ' ') + " data", path.Display);
        }

        return path;
    }

    private void BindCalibration(YamlEntrySyntax entry)
    {
        if (ExpectMapping(entry, "'calibration'", "calibration: { data: data/calib.npz, samples: 256 }") is not { } mapping)
        {
            return;
        }

        CheckKeys(mapping, "'calibration'", "data", "samples", "activations", "seed");
        var data = mapping.Find("data") is { } d ? BindDataPath(d, "calibration") : null;
        var samples = mapping.Find("samples") is { } s ? BindCount(s, "'calibration.samples'", 1) : null;
        var seed = mapping.Find("seed") is { } seedEntry ? BindCount(seedEntry, "'calibration.seed'", 0) : null;
        BoundCall? activations = null;
        if (mapping.Find("activations") is { } a && ParseValue(a, "the calibrator") is { } parsed)
        {
            activations = BindFunction(parsed.Root, parsed, _registry.Calibrators, "calibrator",
                (l, n) => _diagnostics.ReportUnknownCalibrator(l, n, _registry.Calibrators.Keys));
        }

        _recipe.Calibration = new BoundCalibration(data, samples, activations, seed);
    }

    private void BindQuantize(YamlEntrySyntax entry)
    {
        if (ExpectMapping(entry, "'quantize'", "quantize: { weights: int8(axis=0), activations: uint8(per_tensor) }") is not { } mapping)
        {
            return;
        }

        CheckKeys(mapping, "'quantize'", "weights", "activations", "rules");
        var errors = _diagnostics.ErrorCount;
        var weights = mapping.Find("weights") is { } w ? BindWeights(w, "the weight format") : null;
        var activations = mapping.Find("activations") is { } a ? BindActivations(a) : null;
        var rules = ImmutableArray.CreateBuilder<BoundRule>();
        if (mapping.Find("rules") is { } rulesEntry)
        {
            if (rulesEntry.Value is YamlSequenceSyntax list)
            {
                var index = 0;
                foreach (var item in list.Items)
                {
                    if (BindRule(item, index++) is { } rule)
                    {
                        rules.Add(rule);
                    }
                }
            }
            else if (rulesEntry.Value is not YamlScalarSyntax { IsNull: true })
            {
                _diagnostics.ReportWrongKind(ValueLocation(rulesEntry), "'quantize.rules'", "a list of rules", Found(rulesEntry.Value),
                    "write each rule as a list item: '- match: op == Conv' with 'weights:' under it");
            }
        }

        _recipe.Quantize = new BoundQuantize(weights, activations, rules.ToImmutable(), entry.Key.Location, _diagnostics.ErrorCount > errors);
    }

    private BoundCodec? BindWeights(YamlEntrySyntax entry, string what)
    {
        if (ParseValue(entry, what) is not { } parsed)
        {
            return null;
        }

        var codec = CheckStandalone(BindCodec(parsed.Root, parsed, CodecPosition.Weights));
        return codec is BoundErrorCodec ? null : codec;
    }

    private BoundCall? BindActivations(YamlEntrySyntax entry)
    {
        if (ParseValue(entry, "the activation format") is not { } parsed)
        {
            return null;
        }

        return BindCodec(parsed.Root, parsed, CodecPosition.Activations) as BoundCall;
    }

    private BoundRule? BindRule(YamlNodeSyntax node, int index)
    {
        if (node is not YamlMappingSyntax mapping)
        {
            _diagnostics.ReportWrongKind(node.Location, $"rule {index}", "a mapping with 'match:' and 'weights:' or 'activations:'", Found(node));
            return null;
        }

        CheckKeys(mapping, "a quantize rule", "name", "match", "weights", "activations");
        var name = mapping.Find("name") is { } n && ExpectScalar(n, "a rule name", "a string") is { } ns ? ns.Value : null;
        var label = name is null ? $"rules[{index}]" : $"rule '{name}'";
        var location = mapping.Entries.IsEmpty ? mapping.Location : mapping.Entries[0].Key.Location;
        if (mapping.Find("match") is not { } matchEntry)
        {
            _diagnostics.ReportMissingKey(location, "match", label, "add 'match:' with a selector, such as 'match: op == Conv and is_first'");
            return null;
        }

        var match = BindCondition(ParseValue(matchEntry, "the selector"), ExpressionContext.Selector, "a selector");
        var weightsEntry = mapping.Find("weights");
        var activationsEntry = mapping.Find("activations");
        if (weightsEntry is null && activationsEntry is null)
        {
            _diagnostics.ReportMissingKey(location, "weights' or 'activations", label, "a rule sets the weight format, the activation format, or both");
            return null;
        }

        var weights = weightsEntry is null ? null : BindWeights(weightsEntry, "the weight format");
        var activations = activationsEntry is null ? null : BindActivations(activationsEntry);
        if (match is null || (weightsEntry is not null && weights is null) || (activationsEntry is not null && activations is null))
        {
            return null;
        }

        return new BoundRule(index, name, match, weights, activations, location);
    }

    private void BindAllocate(YamlEntrySyntax entry)
    {
        if (ExpectMapping(entry, "'allocate'", "allocate: { over: op == Conv, choices: [int8(axis=0), int4(group=32)], subject_to: [size <= 0.25 * fp32.size] }") is not { } mapping)
        {
            return;
        }

        var errors = _diagnostics.ErrorCount;
        CheckKeys(mapping, "'allocate'", "over", "choices", "sensitivity", "minimize", "subject_to", "tie");
        BoundFormula? over = null;
        if (mapping.Find("over") is { } overEntry)
        {
            over = BindCondition(ParseValue(overEntry, "the selector"), ExpressionContext.Selector, "a selector");
        }
        else
        {
            _diagnostics.ReportMissingKey(entry.Key.Location, "over", "'allocate'", "add 'over:' with a selector of the layers to allocate, such as 'over: op in [Conv, Gemm, MatMul]'");
        }

        var choices = ImmutableArray.CreateBuilder<BoundCodec>();
        if (mapping.Find("choices") is { } choicesEntry)
        {
            foreach (var (src, item) in ParseList(choicesEntry, "a choice"))
            {
                var codec = CheckStandalone(BindCodec(item, src, CodecPosition.Choice));
                if (codec is BoundErrorCodec)
                {
                    continue;
                }

                var text = CodecPrinter.Print(codec);
                if (choices.FirstOrDefault(c => CodecPrinter.Print(c) == text) is { } first)
                {
                    _diagnostics.ReportDuplicateChoice(codec.Location, text, first.Location);
                    continue;
                }

                choices.Add(codec);
            }
        }
        else
        {
            _diagnostics.ReportMissingKey(entry.Key.Location, "choices", "'allocate'", "add 'choices:' with candidate formats, such as [int8(axis=0), int4(group=32)]");
        }

        BoundFormula? sensitivity = null;
        if (mapping.Find("sensitivity") is { } sensitivityEntry && ParseValue(sensitivityEntry, "the sensitivity") is { } sp)
        {
            var bound = BindExpression(sp.Root, sp, ExpressionContext.Sensitivity);
            if (bound.Type is not (BoundType.Number or BoundType.Error))
            {
                _diagnostics.ReportExpectedKind(sp.LocationOf(sp.Root), "the sensitivity", "a measure or a weighted sum of measures", BoundTypes.Describe(bound.Type));
            }
            else if (bound.Type == BoundType.Number && !ContainsQuantity(bound))
            {
                _diagnostics.ReportExpectedKind(sp.LocationOf(sp.Root), "the sensitivity", "a measure or a weighted sum of measures", "a constant",
                    "name a measure: " + string.Join(", ", _registry.Sensitivities.Keys));
            }
            else if (bound.Type == BoundType.Number)
            {
                sensitivity = new BoundFormula(sp, bound);
            }
        }

        var minimize = "sensitivity";
        if (mapping.Find("minimize") is { } minimizeEntry && ExpectScalar(minimizeEntry, "'minimize'", "sensitivity, size, bops or latency") is { } ms)
        {
            if (s_objectives.Contains(ms.Value.Trim()))
            {
                minimize = ms.Value.Trim();
            }
            else
            {
                _diagnostics.ReportUnknownObjective(ms.Location, ms.Value, s_objectives);
            }
        }

        var subjectTo = ImmutableArray.CreateBuilder<BoundFormula>();
        if (mapping.Find("subject_to") is { } subjectEntry)
        {
            foreach (var (src, item) in ParseList(subjectEntry, "a budget"))
            {
                var bound = BindExpression(item, src, ExpressionContext.Budget);
                if (bound.Type is not (BoundType.Bool or BoundType.Error))
                {
                    _diagnostics.ReportNotBoolean(src.LocationOf(item), "a budget", BoundTypes.Describe(bound.Type));
                }
                else if (bound.Type == BoundType.Bool)
                {
                    subjectTo.Add(new BoundFormula(Sub(src, item), bound));
                }
            }
        }
        else if (minimize == "sensitivity")
        {
            _diagnostics.ReportMissingKey(entry.Key.Location, "subject_to", "'allocate' minimizing sensitivity",
                "add a budget, such as 'subject_to: [size <= 0.25 * fp32.size]'; without one every layer gets its best choice");
        }

        var ties = ImmutableArray.CreateBuilder<string>();
        if (mapping.Find("tie") is { } tieEntry)
        {
            foreach (var (src, item) in ParseList(tieEntry, "a tie policy"))
            {
                if (Unparenthesize(item) is NameExpressionSyntax n && s_ties.Contains(n.Name))
                {
                    ties.Add(n.Name);
                }
                else
                {
                    _diagnostics.ReportUnknownTie(src.LocationOf(item), src.TextOf(item), s_ties);
                }
            }
        }

        _recipe.AllocateIncomplete = _diagnostics.ErrorCount > errors;
        if (over is not null)
        {
            _recipe.Allocate = new BoundAllocate(over, choices.ToImmutable(), sensitivity, minimize, subjectTo.ToImmutable(), ties.ToImmutable(), entry.Key.Location);
        }
    }

    /// <summary>A parsed expression for one item of a list expression (so its text and location are the item's).</summary>
    private static ParsedExpression Sub(ParsedExpression src, ExpressionSyntax item) => ReferenceEquals(src.Root, item) ? src : new ParsedExpression(item, src.Text);

    private static bool ContainsQuantity(BoundExpression e) => e switch
    {
        BoundQuantity => true,
        BoundBinary b => ContainsQuantity(b.Left) || ContainsQuantity(b.Right),
        BoundUnary u => ContainsQuantity(u.Operand),
        _ => false,
    };

    private void BindPrune(YamlEntrySyntax entry)
    {
        if (entry.Value is not YamlSequenceSyntax list)
        {
            if (entry.Value is not YamlScalarSyntax { IsNull: true })
            {
                _diagnostics.ReportWrongKind(ValueLocation(entry), "'prune'", "a list of pruning rules", Found(entry.Value),
                    "write each rule as a list item: '- match: op == Conv' with 'pattern: 2:4' under it");
            }

            return;
        }

        var errors = _diagnostics.ErrorCount;
        var rules = ImmutableArray.CreateBuilder<BoundPruneRule>();
        var index = 0;
        foreach (var item in list.Items)
        {
            if (BindPruneRule(item, index++) is { } rule)
            {
                rules.Add(rule);
            }
        }

        _recipe.Prune = rules.ToImmutable();
        _recipe.PruneIncomplete = _diagnostics.ErrorCount > errors;
    }

    private BoundPruneRule? BindPruneRule(YamlNodeSyntax node, int index)
    {
        if (node is not YamlMappingSyntax mapping)
        {
            _diagnostics.ReportWrongKind(node.Location, $"pruning rule {index}", "a mapping with 'match:' and 'pattern:'", Found(node));
            return null;
        }

        CheckKeys(mapping, "a pruning rule", "name", "match", "method", "pattern");
        var name = mapping.Find("name") is { } n && ExpectScalar(n, "a rule name", "a string") is { } ns ? ns.Value : null;
        var label = name is null ? $"prune[{index}]" : $"prune '{name}'";
        var location = mapping.Entries.IsEmpty ? mapping.Location : mapping.Entries[0].Key.Location;
        if (mapping.Find("match") is not { } matchEntry)
        {
            _diagnostics.ReportMissingKey(location, "match", label, "add 'match:' with a selector, such as 'match: op == Conv and not is_first'");
            return null;
        }

        var match = BindCondition(ParseValue(matchEntry, "the selector"), ExpressionContext.Selector, "a selector");
        if (mapping.Find("pattern") is not { } patternEntry)
        {
            _diagnostics.ReportMissingKey(location, "pattern", label, "add 'pattern:', such as 'pattern: 2:4', 'unstructured(0.5)' or 'channel(0.25)'");
            return null;
        }

        BoundCall? pattern = null;
        if (ParseValue(patternEntry, "the pruning pattern") is { } pp)
        {
            var root = Unparenthesize(pp.Root);
            pattern = root is PatternExpressionSyntax nm
                ? BindPattern(nm, pp) as BoundCall
                : BindFunction(root, pp, _registry.PrunePatterns, "pruning pattern",
                    (l, name2) => _diagnostics.ReportUnknownFormat(l, name2, "pruning pattern", ["N:M (such as 2:4)", .. _registry.PrunePatterns.Keys]));
        }

        var method = "magnitude";
        if (mapping.Find("method") is { } methodEntry && ExpectScalar(methodEntry, "'method'", "a pruning method such as magnitude") is { } ms)
        {
            method = ms.Value.Trim();
            if (!_registry.PruneMethods.ContainsKey(method))
            {
                _diagnostics.ReportUnknownPruneMethod(ms.Location, method, _registry.PruneMethods.Keys);
                return null;
            }

            if (pattern is not null)
            {
                var channel = pattern.Function.Name == "channel";
                var allowed = channel ? CompressionRegistry.ChannelMethods : CompressionRegistry.ElementMethods;
                if (!allowed.Contains(method))
                {
                    _diagnostics.ReportPruneMethodMismatch(ms.Location, method, channel ? "channel" : "element (N:M, unstructured)", allowed);
                    return null;
                }
            }
        }

        if (match is null || pattern is null)
        {
            return null;
        }

        return new BoundPruneRule(index, name, match, method, pattern, location);
    }

    private void BindEvaluate(YamlEntrySyntax entry)
    {
        if (ExpectMapping(entry, "'evaluate'", "evaluate: { data: data/test.npz, metric: top1, require: top1_drop <= 1% }") is not { } mapping)
        {
            return;
        }

        CheckKeys(mapping, "'evaluate'", "data", "metric", "require", "samples", "skip");
        var data = mapping.Find("data") is { } d ? BindDataPath(d, "evaluation") : null;
        var samples = mapping.Find("samples") is { } s ? BindCount(s, "'evaluate.samples'", 1) : null;
        var skip = mapping.Find("skip") is { } k ? BindCount(k, "'evaluate.skip'", 0) : null;
        var metrics = ImmutableArray.CreateBuilder<BoundCall>();
        if (mapping.Find("metric") is { } metricEntry)
        {
            foreach (var (src, item) in ParseList(metricEntry, "the metric"))
            {
                if (BindFunction(item, src, _registry.Metrics, "metric", (l, n) => _diagnostics.ReportUnknownMetric(l, n, _registry.Metrics.Keys)) is { } m)
                {
                    metrics.Add(m);
                }
            }
        }
        else
        {
            _diagnostics.ReportMissingKey(entry.Key.Location, "metric", "'evaluate'", "add 'metric:', such as 'metric: top1'");
        }

        _evaluatedMetrics = [.. metrics.Select(m => m.Function.Name)];
        BoundFormula? require = null;
        if (mapping.Find("require") is { } requireEntry)
        {
            require = BindCondition(ParseValue(requireEntry, "the accuracy gate"), ExpressionContext.Gate, "an accuracy gate");
        }

        _recipe.Evaluate = new BoundEvaluate(data, metrics.ToImmutable(), require, samples, skip);
    }
}
