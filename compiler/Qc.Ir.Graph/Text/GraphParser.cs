using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Core.Text;

namespace Qc.Ir.Graph;

/// <summary>The result of parsing graph IR text: the module (null when the text has errors) and diagnostics.</summary>
public sealed record ParseResult(GraphModule? Module, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>Parses graph IR text as printed by <see cref="GraphPrinter"/> (see specs/graph-ir.md).</summary>
/// <remarks>Stops at the first syntax error and reports it as a diagnostic; never throws for bad text.</remarks>
public sealed class GraphParser
{
    private const int SyntaxCode = 3301;

    /// <summary>Graph IR lexing: failed tries backtrack, errors point at the position, strings may span lines.</summary>
    private static readonly IrLexerOptions LexerOptions = new()
    {
        SyntaxCode = SyntaxCode,
        Backtrack = true,
        IsKeywordChar = IrSyntax.IsNameChar,
        UnicodeEscapeStyles = NumberStyles.HexNumber,
        UnknownEscapeLength = 2,
    };

    private readonly IrLexer _lx;
    private readonly string _text;
    private readonly OpRegistry _registry;
    private readonly GraphModule _module;
    private readonly List<Dictionary<string, Value>> _scopes = [];
    private readonly Dictionary<string, ConstantEntry> _constants = new(StringComparer.Ordinal);

    private GraphParser(string text, string path, OpRegistry registry)
    {
        _lx = new IrLexer(new SourceText(path, text), LexerOptions);
        _text = text;
        _registry = registry;
        _module = new GraphModule("main");
    }

    /// <summary>Parses a whole module.</summary>
    public static ParseResult Parse(string text, string path = "<ir>", OpRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new GraphParser(text, path, registry ?? OpRegistry.Default);
        var bag = new DiagnosticBag();
        try
        {
            parser.ParseModule();
            return new ParseResult(parser._module, [.. bag]);
        }
        catch (IrSyntaxException e)
        {
            parser._lx.Report(e, bag);
            return new ParseResult(null, [.. bag]);
        }
    }

    private void ParseModule()
    {
        _lx.Keyword("module");
        _lx.SkipTrivia();
        if (_lx.Peek() == '{')
        {
            _module.Metadata = ParseAttributes();
        }

        _lx.Keyword("graph");
        _lx.Expect('@');
        _module.Main.Name = _lx.ScanName();
        _scopes.Add(new Dictionary<string, Value>(StringComparer.Ordinal));
        ParseParameters(_module.Main);
        _lx.Expect("->");
        ParseTypeList();
        _lx.Expect('{');
        ParseBody(_module.Main, "return");
        _lx.Expect('}');
        _lx.SkipTrivia();
        if (_lx.TryKeyword("constants"))
        {
            ParseConstantsSection();
        }

        _lx.SkipTrivia();
        if (_lx.Position < _text.Length)
        {
            throw Error("expected end of text");
        }
    }

    private void ParseConstantsSection()
    {
        _lx.Expect('{');
        while (true)
        {
            _lx.SkipTrivia();
            if (_lx.TryChar('}'))
            {
                return;
            }

            var start = _lx.Position;
            _lx.Expect('@');
            var name = _lx.ScanName();
            _lx.Expect('=');
            _lx.SkipTrivia();
            List<string>? raw = null;
            if (!_lx.TryKeyword("elided"))
            {
                raw = ParseDenseRaw();
            }

            _lx.Expect(':');
            var type = ParseType() as TensorType ?? throw Error("constant type must be a tensor type", start);
            var entry = GetOrAddConstant(name, type, start);
            if (raw is not null)
            {
                entry.Data = DenseToTensor(raw, type, start);
            }
        }
    }

    private ConstantEntry GetOrAddConstant(string name, TensorType type, int offset)
    {
        if (_constants.TryGetValue(name, out var existing))
        {
            if (!existing.Type.Equals(type))
            {
                throw Error($"constant '@{name}' has type {existing.Type} elsewhere, not {type}", offset, code: 3306);
            }

            return existing;
        }

        if (!type.IsStatic)
        {
            throw Error($"constant '@{name}' must have a static type", offset);
        }

        var entry = _module.Constants.AddElided(name, type);
        _constants[name] = entry;
        return entry;
    }

    private void ParseParameters(Graph graph)
    {
        _lx.Expect('(');
        _lx.SkipTrivia();
        if (_lx.TryChar(')'))
        {
            return;
        }

        do
        {
            _lx.SkipTrivia();
            var start = _lx.Position;
            _lx.Expect('%');
            var name = _lx.ScanName();
            _lx.Expect(':');
            var type = ParseType();
            Define(graph.AddParameter(name, type), start);
            _lx.SkipTrivia();
        }
        while (_lx.TryChar(','));
        _lx.Expect(')');
    }

    private void ParseBody(Graph graph, string terminator)
    {
        while (true)
        {
            _lx.SkipTrivia();
            if (_lx.TryKeyword(terminator))
            {
                var outputs = new List<Value>();
                _lx.SkipSpaces();
                if (_lx.Peek() == '%')
                {
                    do
                    {
                        _lx.SkipTrivia();
                        outputs.Add(ParseValueRef());
                        _lx.SkipSpaces();
                    }
                    while (_lx.TryChar(','));
                }

                graph.SetOutputs(outputs);
                return;
            }

            ParseOp(graph);
        }
    }

    private void ParseOp(Graph graph)
    {
        var start = _lx.Position;
        var resultNames = new List<(string Name, int Offset)>();
        if (_lx.Peek() == '%')
        {
            do
            {
                _lx.SkipTrivia();
                var at = _lx.Position;
                _lx.Expect('%');
                resultNames.Add((_lx.ScanName(), at));
                _lx.SkipTrivia();
            }
            while (_lx.TryChar(','));
            _lx.Expect('=');
        }

        _lx.SkipTrivia();
        var mnemonicStart = _lx.Position;
        var full = _lx.ScanName();
        if (!full.StartsWith("graph.", StringComparison.Ordinal))
        {
            throw Error($"expected an op such as 'graph.add', found '{full}'", mnemonicStart, full.Length);
        }

        var mnemonic = full["graph.".Length..];
        if (mnemonic == "constant")
        {
            ParseConstantOp(graph, resultNames, start);
            return;
        }

        string? opaqueName = null;
        if (mnemonic == "opaque")
        {
            _lx.Expect('<');
            _lx.SkipTrivia();
            opaqueName = _lx.ScanString();
            _lx.Expect('>');
        }

        OpSchema? schema = null;
        if (opaqueName is null && !_registry.TryGetByMnemonic(mnemonic, out schema))
        {
            throw Error($"unknown op 'graph.{mnemonic}'", mnemonicStart, full.Length, 3302, "see specs/graph-ir.md for the op list");
        }

        var inputs = new List<Value?>();
        _lx.SkipSpaces();
        if (_lx.Peek() is '%' or 'n')
        {
            do
            {
                _lx.SkipTrivia();
                if (_lx.TryKeyword("none"))
                {
                    inputs.Add(null);
                }
                else
                {
                    inputs.Add(ParseValueRef());
                }

                _lx.SkipSpaces();
            }
            while (_lx.TryChar(','));
        }

        _lx.SkipTrivia();
        var attributes = _lx.Peek() == '{' ? ParseAttributes() : AttributeMap.Empty;
        _lx.Expect(':');
        var inputTypes = ParseTypeList();
        if (inputTypes.Count != inputs.Count)
        {
            throw Error($"op has {inputs.Count} inputs but {inputTypes.Count} input types", start);
        }

        _lx.Expect("->");
        _lx.SkipTrivia();
        List<IrType?> resultTypes = _lx.Peek() == '(' ? ParseTypeList() : [ParseType()];
        if (resultTypes.Count != resultNames.Count)
        {
            throw Error($"op has {resultNames.Count} results but {resultTypes.Count} result types", start, code: 3305);
        }

        var nodeName = ParseOptionalLocation();
        var regions = new List<Region>();
        while (true)
        {
            _lx.SkipSpaces();
            if (!IrSyntax.IsNameChar(_lx.Peek()) && _lx.Peek() != '"')
            {
                break;
            }

            var regionName = _lx.ScanName();
            var body = new Graph(regionName);
            _scopes.Add(new Dictionary<string, Value>(StringComparer.Ordinal));
            ParseParameters(body);
            _lx.Expect('{');
            ParseBody(body, "yield");
            _lx.Expect('}');
            _scopes.RemoveAt(_scopes.Count - 1);
            regions.Add(new Region(regionName, body));
        }

        var init = new OpInit([.. inputs], attributes, [.. regions], [.. resultNames.Select(r => r.Name)]) { NodeName = nodeName };
        Op op;
        if (opaqueName is not null)
        {
            var sep = opaqueName.IndexOf("::", StringComparison.Ordinal);
            if (sep < 0)
            {
                throw Error("opaque op name must be \"domain::OpType\"", start);
            }

            op = OpaqueOp.Create(opaqueName[..sep], opaqueName[(sep + 2)..], init);
        }
        else
        {
            op = schema!.Create(init);
        }

        for (var i = 0; i < op.Results.Length; i++)
        {
            op.Results[i].Type = resultTypes[i] ?? IrType.Unknown;
            Define(op.Results[i], resultNames[i].Offset);
        }

        graph.Append(op);
    }

    private void ParseConstantOp(Graph graph, List<(string Name, int Offset)> resultNames, int start)
    {
        if (resultNames.Count != 1)
        {
            throw Error("graph.constant has exactly one result", start, code: 3305);
        }

        _lx.Expect('@');
        var nameStart = _lx.Position;
        var name = _lx.ScanName();
        _lx.SkipTrivia();
        List<string>? raw = null;
        if (_lx.Peek() == 'd')
        {
            raw = ParseDenseRaw();
        }

        _lx.Expect(':');
        var type = ParseType() as TensorType ?? throw Error("constant type must be a tensor type", nameStart);
        var entry = GetOrAddConstant(name, type, nameStart);
        if (raw is not null)
        {
            entry.Data = DenseToTensor(raw, type, nameStart);
        }

        var nodeName = ParseOptionalLocation();
        var init = new OpInit([], AttributeMap.Empty, [], [resultNames[0].Name]) { NodeName = nodeName };
        var op = new ConstantOp(ConstantOp.Schema_, init, entry);
        Define(op.Result, resultNames[0].Offset);
        graph.Append(op);
    }

    private string? ParseOptionalLocation()
    {
        _lx.SkipSpaces();
        if (!_lx.TryKeyword("loc"))
        {
            return null;
        }

        _lx.Expect('(');
        _lx.SkipTrivia();
        var s = _lx.ScanString();
        _lx.Expect(')');
        return s;
    }

    private void Define(Value value, int offset)
    {
        foreach (var scope in _scopes)
        {
            if (scope.ContainsKey(value.Name))
            {
                throw Error($"value '%{value.Name}' is defined twice", offset, value.Name.Length + 1, 3304);
            }
        }

        _module.ReserveName(value.Name);
        _scopes[^1][value.Name] = value;
    }

    private Value ParseValueRef()
    {
        var start = _lx.Position;
        _lx.Expect('%');
        var name = _lx.ScanName();
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].TryGetValue(name, out var v))
            {
                return v;
            }
        }

        throw Error($"value '%{name}' is used before it is defined", start, name.Length + 1, 3303);
    }

    private AttributeMap ParseAttributes()
    {
        _lx.Expect('{');
        var items = new List<KeyValuePair<string, AttributeValue>>();
        _lx.SkipTrivia();
        if (_lx.TryChar('}'))
        {
            return AttributeMap.Empty;
        }

        do
        {
            _lx.SkipTrivia();
            var name = _lx.ScanName();
            _lx.Expect('=');
            items.Add(KeyValuePair.Create(name, ParseAttributeValue()));
            _lx.SkipTrivia();
        }
        while (_lx.TryChar(','));
        _lx.Expect('}');
        return AttributeMap.From(items);
    }

    private AttributeValue ParseAttributeValue()
    {
        _lx.SkipTrivia();
        var start = _lx.Position;
        var c = _lx.Peek();
        if (c == '"')
        {
            return new StringAttr(_lx.ScanString());
        }

        if (_lx.TryKeyword("ints[]"))
        {
            return new IntsAttr([]);
        }

        if (_lx.TryKeyword("floats[]"))
        {
            return new FloatsAttr([]);
        }

        if (_lx.TryKeyword("strings[]"))
        {
            return new StringsAttr([]);
        }

        if (_lx.Peek() == 'd' && _text.AsSpan(_lx.Position).StartsWith("dense<"))
        {
            var raw = ParseDenseRaw();
            _lx.Expect(':');
            var type = ParseType() as TensorType;
            if (type is null || !type.IsStatic)
            {
                throw Error("tensor attribute needs a static tensor type", start);
            }

            return new TensorAttr(DenseToTensor(raw, type, start));
        }

        if (_lx.TryKeyword("type<"))
        {
            var t = ParseType();
            _lx.Expect('>');
            return new TypeAttr(t);
        }

        if (c == '[')
        {
            _lx.Position++;
            var tokens = new List<string>();
            _lx.SkipTrivia();
            ParseLiteralTokens(tokens);

            if (tokens.All(t => t.StartsWith('"')))
            {
                return new StringsAttr([.. tokens.Select(t => t[1..])]);
            }

            if (tokens.Any(t => t.StartsWith('"')))
            {
                throw Error("list mixes strings and numbers", start);
            }

            if (tokens.Any(IsFloatToken))
            {
                return new FloatsAttr([.. tokens.Select(t => (float)ParseDouble(t, start))]);
            }

            return new IntsAttr([.. tokens.Select(t => ParseLong(t, start))]);
        }

        var tok = ParseNumberToken();
        return IsFloatToken(tok) ? new FloatAttr((float)ParseDouble(tok, start)) : new IntAttr(ParseLong(tok, start));
    }

    private static bool IsFloatToken(string t) => t.Contains('.', StringComparison.Ordinal) || t.Contains('e', StringComparison.OrdinalIgnoreCase)
        || t is "nan" or "inf" or "-inf";

    private List<string> ParseDenseRaw()
    {
        _lx.Keyword("dense");
        _lx.Expect('<');
        _lx.Expect('[');
        var tokens = new List<string>();
        _lx.SkipTrivia();
        if (_text.AsSpan(_lx.Position).StartsWith("0x"))
        {
            _lx.Position += 2;
            tokens.Add("0x" + _lx.ScanWhile(char.IsAsciiHexDigit));
            _lx.Expect(']');
            _lx.Expect('>');
            return tokens;
        }

        ParseLiteralTokens(tokens);
        _lx.Expect('>');
        return tokens;
    }

    /// <summary>Reads comma-separated number and string tokens up to and including ']' (strings keep a leading '"').</summary>
    private void ParseLiteralTokens(List<string> tokens)
    {
        if (!_lx.TryChar(']'))
        {
            do
            {
                _lx.SkipTrivia();
                tokens.Add(_lx.Peek() == '"' ? "\"" + _lx.ScanString() : ParseNumberToken());
                _lx.SkipTrivia();
            }
            while (_lx.TryChar(','));
            _lx.Expect(']');
        }
    }

    private TensorData DenseToTensor(List<string> raw, TensorType type, int offset)
    {
        var dims = type.StaticDims!;
        var count = TensorData.ElementCountOf(dims);
        var elem = type.ElementType;
        if (raw.Count == 1 && raw[0].StartsWith("0x", StringComparison.Ordinal))
        {
            var bytes = Convert.FromHexString(raw[0][2..]);
            if (bytes.Length != elem.ByteCount(count))
            {
                throw Error($"dense data has {bytes.Length} bytes, {type} needs {elem.ByteCount(count)}", offset);
            }

            return TensorData.FromBytes(elem, dims, bytes);
        }

        if (raw.Count != count)
        {
            throw Error($"dense literal has {raw.Count} elements but {type} has {count}", offset);
        }

        if (elem == ElementType.String)
        {
            return TensorData.FromStrings(dims, raw.Select(t => t[1..]));
        }

        var buffer = new byte[elem.ByteCount(count)];
        var span = buffer.AsSpan();
        for (var i = 0; i < raw.Count; i++)
        {
            var t = raw[i];
            switch (elem)
            {
                case ElementType.F32: BitConverter.TryWriteBytes(span[(i * 4)..], (float)ParseDouble(t, offset)); break;
                case ElementType.F64: BitConverter.TryWriteBytes(span[(i * 8)..], ParseDouble(t, offset)); break;
                case ElementType.F16: BitConverter.TryWriteBytes(span[(i * 2)..], (Half)ParseDouble(t, offset)); break;
                case ElementType.BF16:
                    BitConverter.TryWriteBytes(span[(i * 2)..], (ushort)(BitConverter.SingleToInt32Bits((float)ParseDouble(t, offset)) >> 16));
                    break;
                case ElementType.F8E4M3FN or ElementType.F8E4M3FNUZ or ElementType.F8E5M2 or ElementType.F8E5M2FNUZ:
                    span[i] = (byte)ParseDouble(t, offset);
                    break;
                case ElementType.U64: BitConverter.TryWriteBytes(span[(i * 8)..], ulong.Parse(t, CultureInfo.InvariantCulture)); break;
                case ElementType.I64: BitConverter.TryWriteBytes(span[(i * 8)..], ParseLong(t, offset)); break;
                case ElementType.I32: BitConverter.TryWriteBytes(span[(i * 4)..], (int)ParseLong(t, offset)); break;
                case ElementType.U32: BitConverter.TryWriteBytes(span[(i * 4)..], (uint)ParseLong(t, offset)); break;
                case ElementType.I16: BitConverter.TryWriteBytes(span[(i * 2)..], (short)ParseLong(t, offset)); break;
                case ElementType.U16: BitConverter.TryWriteBytes(span[(i * 2)..], (ushort)ParseLong(t, offset)); break;
                case ElementType.I8 or ElementType.U8 or ElementType.Bool: span[i] = (byte)ParseLong(t, offset); break;
                case ElementType.I4 or ElementType.U4:
                    var nib = (byte)(ParseLong(t, offset) & 0xF);
                    span[i / 2] |= (byte)(i % 2 == 0 ? nib : nib << 4);
                    break;
                default: throw Error($"cannot write {elem.Name()} elements as a dense list", offset);
            }
        }

        return TensorData.FromBytes(elem, dims, buffer);
    }

    private List<IrType?> ParseTypeList()
    {
        _lx.Expect('(');
        var types = new List<IrType?>();
        _lx.SkipTrivia();
        if (_lx.TryChar(')'))
        {
            return types;
        }

        do
        {
            _lx.SkipTrivia();
            types.Add(_lx.TryKeyword("none") ? null : ParseType());
            _lx.SkipTrivia();
        }
        while (_lx.TryChar(','));
        _lx.Expect(')');
        return types;
    }

    private IrType ParseType()
    {
        _lx.SkipTrivia();
        var start = _lx.Position;
        if (_lx.TryChar('?'))
        {
            return IrType.Unknown;
        }

        if (_lx.TryKeyword("seq<"))
        {
            var e = ParseType();
            _lx.Expect('>');
            return new SequenceType(e);
        }

        if (_lx.TryKeyword("opt<"))
        {
            var e = ParseType();
            _lx.Expect('>');
            return new OptionalType(e);
        }

        if (!_lx.TryKeyword("tensor<"))
        {
            throw Error("expected a type such as 'tensor<2x3xf32>'", start);
        }

        var close = _text.IndexOf('>', _lx.Position);
        if (close < 0)
        {
            throw Error("unterminated tensor type", start);
        }

        var body = _text[_lx.Position..close];
        _lx.Position = close + 1;
        var parts = SplitDims(body);
        var elemName = parts[^1];
        if (!ElementTypes.TryParse(elemName, out var elem))
        {
            throw Error($"unknown element type '{elemName}'", start, close - start + 1);
        }

        if (parts.Count == 2 && parts[0] == "*")
        {
            return TensorType.Unranked(elem);
        }

        var dims = ImmutableArray.CreateBuilder<Dim>();
        foreach (var p in parts.Take(parts.Count - 1))
        {
            if (p == "?")
            {
                dims.Add(Dim.Unknown);
            }
            else if (p.Length > 2 && p[0] == '{' && p[^1] == '}')
            {
                dims.Add(Dim.Sym(p[1..^1]));
            }
            else if (long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                dims.Add(Dim.Of(n));
            }
            else
            {
                throw Error($"bad dimension '{p}'", start, close - start + 1);
            }
        }

        return new TensorType(elem, (ImmutableArray<Dim>?)dims.ToImmutable());
    }

    private static List<string> SplitDims(string body)
    {
        var parts = new List<string>();
        var sb = new StringBuilder();
        var depth = 0;
        foreach (var c in body)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
            }

            if (c == 'x' && depth == 0)
            {
                parts.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        parts.Add(sb.ToString());
        return parts;
    }

    private string ParseNumberToken()
    {
        var start = _lx.Position;
        if (_lx.Peek() is '-' or '+')
        {
            _lx.Position++;
        }

        while (_lx.Position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_lx.Position]) || _text[_lx.Position] is '.' || ((_text[_lx.Position] is '-' or '+') && _text[_lx.Position - 1] is 'e' or 'E')))
        {
            _lx.Position++;
        }

        if (_lx.Position == start)
        {
            throw Error("expected a number", start);
        }

        return _text[start.._lx.Position];
    }

    private long ParseLong(string token, int offset) =>
        long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v
            : throw Error($"bad integer '{token}'", offset);

    private double ParseDouble(string token, int offset) => token switch
    {
        "nan" or "-nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw Error($"bad number '{token}'", offset),
    };

    private IrSyntaxException Error(string message, int? offset = null, int length = 1, int code = SyntaxCode, string? hint = null) =>
        _lx.Error(message, offset, length, code, hint);
}
