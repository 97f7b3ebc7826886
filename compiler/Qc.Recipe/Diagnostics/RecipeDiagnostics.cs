using System.Collections.Immutable;
using System.Globalization;
using Qc.Core.Diagnostics;
using static Qc.Recipe.Diagnostics.RecipeDiagnosticCodes;

namespace Qc.Recipe.Diagnostics;

/// <summary>Every message of the recipe stage, behind one <c>Report...</c> method each, so the wording stays in one voice:
/// lowercase, no trailing period, user names in single quotes; the message says what is wrong, the hint what to do.</summary>
internal sealed class RecipeDiagnostics
{
    private readonly DiagnosticBag _bag = new();

    /// <summary>True when an error was reported.</summary>
    public bool HasErrors => _bag.HasErrors;

    /// <summary>Number of errors so far.</summary>
    public int ErrorCount => _bag.Count(d => d.IsError);

    /// <summary>Number of diagnostics so far.</summary>
    public int Count => _bag.Count;

    /// <summary>The diagnostics in report order.</summary>
    public ImmutableArray<Diagnostic> ToImmutableArray() => [.. _bag];

    /// <summary>Adds diagnostics reported elsewhere (model import).</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _bag.AddRange(diagnostics);

    private void Error(int code, Location location, string message, string? hint = null, params DiagnosticNote[] notes) =>
        _bag.Add(new Diagnostic(new DiagnosticCode(code), Severity.Error, location, message, hint) { Notes = [.. notes] });

    private void Warning(int code, Location location, string message, string? hint = null, params DiagnosticNote[] notes) =>
        _bag.Add(new Diagnostic(new DiagnosticCode(code), Severity.Warning, location, message, hint) { Notes = [.. notes] });

    // ---- reading: files, YAML, variables, includes (QC11xx) ----

    public void ReportCannotReadFile(Location location, string path, string reason) =>
        Error(CannotReadFile, location, $"cannot read '{path}': {reason}",
            "paths in a recipe are relative to the file that names them");

    public void ReportFileTooLarge(Location location, string path, long bytes, long limit) =>
        Error(CannotReadFile, location, $"cannot read '{path}': it has {bytes} bytes, more than a recipe may have ({limit})",
            "a recipe is a small YAML file; check that the path names the recipe and not a model or data file");

    public void ReportInvalidUtf8(Location location, long byteOffset) =>
        Error(InvalidUtf8, location, "the file is not valid UTF-8",
            $"save the recipe as UTF-8 (the first bad byte is at offset {byteOffset})");

    public void ReportInvalidYaml(Location location, string problem) =>
        Error(InvalidYaml, location, "invalid YAML: " + problem,
            "check indentation, and quote values that contain ': ', ' #', or start with '[', '{', '*', '&', '!', '|', '>', '%', '@'");

    public void ReportDuplicateKey(Location location, string key, Location first) =>
        Error(DuplicateKey, location, $"duplicate key '{key}'", "remove one of them; a mapping holds each key once",
            new DiagnosticNote(first, "first defined here"));

    public void ReportYamlTooDeep(Location location, int limit) =>
        Error(NestingTooDeep, location, $"the recipe nests deeper than {limit} levels",
            "a recipe needs only a few levels: sections, rules, and values");

    public void ReportIncludeTooDeep(Location location, int limit) =>
        Error(NestingTooDeep, location, $"includes nest deeper than {limit} files", "include shared fragments directly from the recipe");

    public void ReportMultipleDocuments(Location location) =>
        Error(MultipleDocuments, location, "a recipe file holds one YAML document, but a second one starts here",
            "remove the '---' line or split the file; share fragments with 'include:'");

    public void ReportUndefinedAlias(Location location, string alias) =>
        Error(UndefinedAlias, location, $"alias '*{alias}' refers to no anchor",
            $"define '&{alias}' on a value above this line");

    public void ReportNonScalarKey(Location location) =>
        Error(NonScalarKey, location, "a mapping key must be a plain name, not a list or mapping",
            "write 'key: value' with a simple key");

    public void ReportBadSubstitution(Location location, string problem) =>
        Error(BadSubstitution, location, problem, "write ${NAME} or ${NAME:-default}; write $${ for a literal '${'");

    public void ReportUndefinedVariable(Location location, string name, IEnumerable<string> known)
    {
        var close = Suggestions.Closest(name, known);
        var hint = close.Count > 0 ? $"did you mean '{close[0]}'? " : string.Empty;
        Error(UndefinedVariable, location, $"variable '{name}' is not set",
            hint + "set it in the environment, define it under 'vars:', or give a default with ${" + name + ":-value}");
    }

    public void ReportVariableCycle(Location location, IReadOnlyList<string> cycle) =>
        Error(VariableCycle, location, $"variables refer to each other in a cycle: {string.Join(" -> ", cycle)}",
            "break the cycle by giving one of them a plain value");

    public void ReportIncludeCycle(Location location, IReadOnlyList<string> chain) =>
        Error(IncludeCycle, location, $"include cycle: {string.Join(" -> ", chain.Select(p => $"'{p}'"))}",
            "a fragment must not include, directly or indirectly, a file that includes it");

    // ---- expression syntax (QC112x) ----

    public void ReportUnexpectedToken(Location location, string token, string? expected) =>
        Error(UnexpectedToken, location, $"unexpected '{token}' in expression", expected);

    public void ReportUnexpectedEnd(Location location, string? expected) =>
        Error(UnexpectedToken, location, "the expression ends too early", expected);

    public void ReportUnterminatedString(Location location) =>
        Error(UnterminatedString, location, "string has no closing quote", "end the string with the quote it starts with");

    public void ReportUnexpectedCharacter(Location location, string character, string? hint) =>
        Error(UnexpectedCharacter, location, $"unexpected character '{character}' in expression",
            hint ?? "expressions use names, numbers, strings, ( ) [ ] , . : and the operators of specs/expressions.md");

    public void ReportEmptyExpression(Location location, string what) =>
        Error(EmptyExpression, location, $"{what} is empty", "write an expression here (see specs/expressions.md)");

    public void ReportExpressionTooLong(Location location, int tokens, int limit) =>
        Error(ExpressionTooComplex, location, $"the expression has {tokens} tokens, more than {limit}",
            "split it into several rules");

    public void ReportExpressionTooDeep(Location location, int limit) =>
        Error(ExpressionTooComplex, location, $"the expression nests deeper than {limit} levels", "remove redundant parentheses or operators");

    public void ReportNumberOutOfRange(Location location, string text) =>
        Error(NumberOutOfRange, location, $"number '{text}' is out of range", "numbers must be finite, below about 1.8e308");

    // ---- keys and values (QC200x) ----

    public void ReportUnknownKey(Location location, string key, string section, IEnumerable<string> allowed) =>
        Error(UnknownKey, location, $"unknown key '{key}' in {section}", Suggestions.Hint(key, allowed, "allowed keys"));

    public void ReportMissingKey(Location location, string key, string section, string? hint = null) =>
        Error(MissingKey, location, $"{section} needs '{key}'", hint ?? $"add '{key}:'");

    public void ReportWrongKind(Location location, string what, string expected, string found, string? hint = null) =>
        Error(WrongValueKind, location, $"{what} must be {expected}, not {found}", hint);

    public void ReportUnsupportedVersion(Location location, string version) =>
        Error(UnsupportedVersion, location, $"unsupported recipe version '{version}'",
            "this qc reads 'qc: 1'; a newer qc may read newer versions");

    public void ReportModelNotFound(Location location, string path) =>
        Error(ModelNotFound, location, $"model '{path}' does not exist",
            "the path is relative to the recipe file; scripts/setup.sh fetches the example models into .cache/models");

    public void ReportDataNotFound(Location location, string what, string path) =>
        Warning(DataNotFound, location, $"{what} '{path}' does not exist yet",
            "'qc check' and 'qc plan' do not read data; create it before calibrating or evaluating (paths are relative to the recipe)");

    public void ReportBadDataFormat(Location location, string path, string extension) =>
        Error(BadDataFormat, location, $"qc cannot read data from '{path}' ({extension} files)",
            "use .npy or .npz files, an ONNX test_data_set folder of .pb files, or IDX files (*-ubyte, *.idx)");

    public void ReportUnknownTarget(Location location, string part, string value, IEnumerable<string> allowed) =>
        Error(UnknownTarget, location, $"unknown target {part} '{value}'", Suggestions.Hint(value, allowed, "known"));

    public void ReportBadTargetSyntax(Location location, string value) =>
        Error(UnknownTarget, location, $"target '{value}' is not TRIPLE:CPU",
            "for example x86_64-linux-gnu:znver4, aarch64-linux-gnu:neoverse-n1 or nvptx64-nvidia-cuda:sm_90");

    public void ReportUnknownInput(Location location, string name, IEnumerable<string> inputs) =>
        Error(BadInputPin, location, $"the model has no input '{name}'", Suggestions.Hint(name, inputs, "model inputs"));

    public void ReportBadInputDim(Location location, string name, string problem) =>
        Error(BadInputPin, location, $"bad shape for input '{name}': {problem}",
            "write the shape as a list of positive integers, for example [1, 3, 224, 224]");

    public void ReportInputRankMismatch(Location location, string name, int pinned, int declared) =>
        Error(BadInputPin, location, $"input '{name}' has rank {declared} in the model, but the pin has {pinned} dimensions",
            $"give {declared} dimensions");

    // ---- names and types in expressions (QC201x) ----

    public void ReportUnknownName(Location location, string name, string context, IEnumerable<string> allowed) =>
        Error(UnknownName, location, $"unknown name '{name}' in {context}", Suggestions.Hint(name, allowed, "known names"));

    public void ReportUnknownNameWithHint(Location location, string name, string context, string hint) =>
        Error(UnknownName, location, $"unknown name '{name}' in {context}", hint);

    public void ReportUnknownFunction(Location location, string name, string context, IEnumerable<string> allowed) =>
        Error(UnknownName, location, $"unknown function '{name}' in {context}", Suggestions.Hint(name, allowed, "known functions"));

    public void ReportUnknownMember(Location location, string target, string member, IEnumerable<string> allowed) =>
        Error(UnknownName, location, $"'{target}' has no member '{member}'", Suggestions.Hint(member, allowed, "members"));

    public void ReportOperandType(Location location, string op, string expected, string found) =>
        Error(OperandTypeMismatch, location, $"operator '{op}' needs {expected}, not {found}");

    public void ReportChainedComparison(Location location, string op) =>
        Error(OperandTypeMismatch, location, $"comparisons cannot be chained ('{op}' compares a boolean)",
            "write 'a < b and b < c'");

    public void ReportNotBoolean(Location location, string what, string found) =>
        Error(NotBoolean, location, $"{what} must be a condition (true or false), not {found}",
            "compare values, for example 'params > 10k' or 'op == Conv'");

    public void ReportDivisionByZero(Location location) =>
        Error(DivisionByZero, location, "division by zero", "the divisor of this constant expression is 0");

    public void ReportUnknownUnit(Location location, string unit, IEnumerable<string> known) =>
        Error(UnknownUnit, location, $"unknown unit '{unit}'", Suggestions.Hint(unit, known, "units"));

    public void ReportUnitMismatch(Location location, string op, string left, string right) =>
        Error(UnitMismatch, location, $"operator '{op}' mixes {left} and {right}",
            "sizes in bytes (size, fp32.size, 4MiB) compare with sizes; counts (params, macs, 10k) with counts; times (latency, fp32.latency, 2ms) with times");

    public void ReportInvalidRegex(Location location, string problem) =>
        Error(InvalidRegex, location, "invalid regular expression: " + problem,
            "regexes use .NET syntax; escape '.' as '\\\\.' to match a dot");

    public void ReportUnknownAttribute(Location location, string name, IEnumerable<string> known) =>
        Error(UnknownAttribute, location, $"no weight-bearing op in the model has attribute '{name}'",
            Suggestions.Hint(name, known, "attributes in the model"));

    public void ReportExpectedKind(Location location, string what, string expected, string found, string? hint = null) =>
        Error(ExpectedKind, location, $"{what} must be {expected}, not {found}", hint);

    // ---- formats, codecs and their arguments (QC202x) ----

    public void ReportUnknownFormat(Location location, string name, string what, IEnumerable<string> allowed) =>
        Error(UnknownFormat, location, $"unknown {what} '{name}'", Suggestions.Hint(name, allowed, "known"));

    public void ReportUnknownArgument(Location location, string function, string argument, IEnumerable<string> candidates, string described)
    {
        var close = Suggestions.Closest(argument, candidates);
        Error(UnknownArgument, location, $"'{function}' has no argument '{argument}'",
            (close.Count > 0 ? $"did you mean '{close[0]}'? " : string.Empty) + "arguments: " + described);
    }

    public void ReportUnknownArgument(Location location, string function, string argument, IEnumerable<string> allowed)
    {
        var list = allowed.ToList();
        Error(UnknownArgument, location, $"'{function}' has no argument '{argument}'",
            list.Count == 0 ? $"'{function}' takes no arguments" : Suggestions.Hint(argument, list, "arguments"));
    }

    public void ReportBadArgumentValue(Location location, string function, string argument, string problem, string? hint = null) =>
        Error(BadValue, location, $"argument '{argument}' of '{function}' {problem}", hint);

    public void ReportBadValue(Location location, string what, string problem, string? hint = null) =>
        Error(BadValue, location, $"{what} {problem}", hint);

    public void ReportMissingArgument(Location location, string function, string argument, string example) =>
        Error(MissingArgument, location, $"'{function}' needs argument '{argument}'", $"for example {example}");

    public void ReportTooManyArguments(Location location, string function, int max) =>
        Error(ArgumentMisuse, location, $"'{function}' takes at most {max} positional argument{(max == 1 ? "" : "s")}",
            "name the extra arguments, for example group=32");

    public void ReportRepeatedArgument(Location location, string function, string argument) =>
        Error(ArgumentMisuse, location, $"argument '{argument}' of '{function}' is given twice", "remove one of them");

    public void ReportPositionalAfterNamed(Location location, string function) =>
        Error(ArgumentMisuse, location, $"a positional argument of '{function}' follows a named one",
            "put positional arguments first");

    public void ReportNotCallable(Location location, string name) =>
        Error(ArgumentMisuse, location, $"'{name}' takes no arguments", $"write '{name}' without parentheses");

    public void ReportConflictingArguments(Location location, string function, string a, string b) =>
        Error(ConflictingArguments, location, $"'{a}' and '{b}' of '{function}' contradict each other",
            "choose one granularity: per_tensor, per_channel or axis=N (per channel), or group=N (group-wise, optionally with its axis=N); scale=none is per tensor");

    public void ReportInvalidFormat(Location location, string function, string problem) =>
        Error(ConflictingArguments, location, $"the arguments of '{function}' do not go together: {problem}",
            "specs/number-formats.md lists every format's arguments and which combine");

    public void ReportDoesNotFit(Location location, string what, string requirement, IReadOnlyList<(string Layer, long Value)> layers, string quantity, string hint) =>
        Error(DoesNotFitLayer, location, $"{what} needs {requirement}, but {Describe(layers, quantity)}", hint);

    public void ReportNmNotDivisible(Location location, long m, IReadOnlyList<(string Layer, long Reduced)> layers) =>
        Error(NmNotDivisible, location,
            $"an N:{m} pattern needs a reduced dimension divisible by {m}, but {Describe(layers, "reduced dimension")}",
            "exclude these layers from the selector (for example 'and not is_depthwise') or use another pattern");

    public void ReportBadChain(Location location, string problem, string hint) =>
        Error(BadCodecChain, location, problem, hint);

    public void ReportNotAllowedHere(Location location, string what, string where, string hint) =>
        Error(NotAllowedHere, location, $"{what} is not allowed in {where}", hint);

    public void ReportUnknownCalibrator(Location location, string name, IEnumerable<string> allowed) =>
        Error(UnknownCalibrator, location, $"unknown calibrator '{name}'", Suggestions.Hint(name, allowed, "known"));

    public void ReportUnknownMetric(Location location, string name, IEnumerable<string> allowed) =>
        Error(UnknownMetric, location, $"unknown metric '{name}'", Suggestions.Hint(name, allowed, "known"));

    public void ReportUnknownSensitivity(Location location, string name, IEnumerable<string> allowed) =>
        Error(UnknownSensitivity, location, $"unknown sensitivity measure '{name}'", Suggestions.Hint(name, allowed, "known"));

    // ---- selectors, rules, prune, allocate, evaluate (QC203x, QC204x) ----

    public void ReportSelectorMatchesNothing(Location location, string selector, string? hint) =>
        Error(SelectorMatchesNothing, location, $"selector '{selector}' matches no weight-bearing op", hint);

    public void ReportRuleShadowed(Location location, string rule, IReadOnlyList<(string By, Location Where)> overriders) =>
        Warning(RuleShadowed, location, $"{rule} has no effect: later settings override it on every op it matches",
            "remove it, narrow the later rules, or move it after them",
            [.. overriders.Select(o => new DiagnosticNote(o.Where, "overridden by " + o.By))]);

    public void ReportBadPattern(Location location, string problem, string hint) =>
        Error(BadPattern, location, problem, hint);

    public void ReportUnknownPruneMethod(Location location, string name, IEnumerable<string> allowed) =>
        Error(BadPruneMethod, location, $"unknown pruning method '{name}'", Suggestions.Hint(name, allowed, "known"));

    public void ReportPruneMethodMismatch(Location location, string method, string pattern, IEnumerable<string> allowed) =>
        Error(BadPruneMethod, location, $"pruning method '{method}' does not work with {pattern} patterns",
            "use one of: " + string.Join(", ", allowed));

    public void ReportUnknownTie(Location location, string name, IEnumerable<string> allowed) =>
        Error(UnknownTie, location, $"unknown tie policy '{name}'", Suggestions.Hint(name, allowed, "known"));

    public void ReportUnknownObjective(Location location, string found, IEnumerable<string> allowed) =>
        Error(UnknownObjective, location, $"cannot minimize '{found}'", Suggestions.Hint(found, allowed, "allowed"));

    public void ReportMetricNotEvaluated(Location location, string name, string metric, IEnumerable<string> evaluated)
    {
        var list = evaluated.ToList();
        Error(MetricNotEvaluated, location, $"'{name}' needs metric '{metric}', which 'evaluate' does not compute",
            list.Count == 0 ? $"add 'metric: {metric}' to 'evaluate'" : $"add '{metric}' to 'evaluate.metric' (now: {string.Join(", ", list)})");
    }

    public void ReportNoChoiceFits(Location location, IReadOnlyList<string> layers, IReadOnlyList<string> reasons) =>
        Error(NoChoiceFits, location,
            layers.Count == 1 ? $"no allocate choice fits layer '{layers[0]}'" : $"no allocate choice fits {layers.Count} layers{LayerList(layers)}",
            "add a choice that fits them, or exclude them from 'over' (for example 'and not is_depthwise')",
            [.. reasons.Select(r => new DiagnosticNote(Location.None, r))]);

    public void ReportChoiceFitsNothing(Location location, string choice) =>
        Warning(ChoiceFitsNothing, location, $"choice '{choice}' fits none of the layers in 'over'",
            "remove it, or change its arguments to fit the layers");

    public void ReportDuplicateChoice(Location location, string choice, Location first) =>
        Warning(DuplicateChoice, location, $"choice '{choice}' is listed twice", "remove the repeated choice",
            new DiagnosticNote(first, "first listed here"));

    public void ReportUnknownLayer(Location location, string name, IEnumerable<string> names) =>
        Error(UnknownLayer, location, $"no weight-bearing op is named '{name}'",
            "closest: " + string.Join(", ", Suggestions.Nearest(name, names, 3).Select(n => $"'{n}'")));

    public void ReportNoWeightBearingOps(Location location, string model) =>
        Warning(NoWeightBearingOps, location, $"model '{model}' has no weight-bearing ops (Conv, ConvTranspose, Gemm or MatMul with a constant weight)",
            "there is nothing to compress; check that the weights are initializers of the model");

    private static string LayerList(IReadOnlyList<string> layers) => layers.Count switch
    {
        0 => string.Empty,
        1 => $" (layer '{layers[0]}')",
        _ => $" ({layers.Count} layers: {Suggestions.Join(layers.Select(l => $"'{l}'").ToList(), 4)})",
    };

    private static string Describe(IReadOnlyList<(string Layer, long Value)> layers, string quantity)
    {
        var shown = layers.Take(3).Select(l => $"'{l.Layer}' has {quantity} {l.Value.ToString(CultureInfo.InvariantCulture)}");
        var more = layers.Count > 3 ? $" and {layers.Count - 3} more" : string.Empty;
        return string.Join(", ", shown) + more;
    }
}
