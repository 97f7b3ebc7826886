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
    private readonly SourceText _source;
    private readonly string _text;
    private readonly OpRegistry _registry;
    private readonly GraphModule _module;
    private readonly List<Dictionary<string, Value>> _scopes = [];
    private readonly Dictionary<string, ConstantEntry> _constants = new(StringComparer.Ordinal);
    private int _pos;

    private GraphParser(string text, string path, OpRegistry registry)
    {
        _source = new SourceText(path, text);
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
            bag.Error(e.Code, new SourceLocation(parser._source, new TextSpan(e.Offset, Math.Max(1, e.Length))), e.Message, e.Hint);
            return new ParseResult(null, [.. bag]);
        }
    }

    private void ParseModule()
    {
        Keyword("module");
        SkipWs();
        if (Peek() == '{')
        {
            _module.Metadata = ParseAttributes();
        }

        Keyword("graph");
        Expect('@');
        _module.Main.Name = ParseName();
        _scopes.Add(new Dictionary<string, Value>(StringComparer.Ordinal));
        ParseParameters(_module.Main);
        Expect("->");
        ParseTypeList();
        Expect('{');
        ParseBody(_module.Main, "return");
        Expect('}');
        SkipWs();
        if (TryKeyword("constants"))
        {
            ParseConstantsSection();
        }

        SkipWs();
        if (_pos < _text.Length)
        {
            throw Error("expected end of text");
        }
    }

    private void ParseConstantsSection()
    {
        Expect('{');
        while (true)
        {
            SkipWs();
            if (TryChar('}'))
            {
                return;
            }

            var start = _pos;
            Expect('@');
            var name = ParseName();
            Expect('=');
            SkipWs();
            List<string>? raw = null;
            if (!TryKeyword("elided"))
            {
                raw = ParseDenseRaw();
            }

            Expect(':');
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
        Expect('(');
        SkipWs();
        if (TryChar(')'))
        {
            return;
        }

        do
        {
            SkipWs();
            var start = _pos;
            Expect('%');
            var name = ParseName();
            Expect(':');
            var type = ParseType();
            Define(graph.AddParameter(name, type), start);
            SkipWs();
        }
        while (TryChar(','));
        Expect(')');
    }

    private void ParseBody(Graph graph, string terminator)
    {
        while (true)
        {
            SkipWs();
            if (TryKeyword(terminator))
            {
                var outputs = new List<Value>();
                SkipWsInline();
                if (Peek() == '%')
                {
                    do
                    {
                        SkipWs();
                        outputs.Add(ParseValueRef());
                        SkipWsInline();
                    }
                    while (TryChar(','));
                }

                graph.SetOutputs(outputs);
                return;
            }

            ParseOp(graph);
        }
    }

    private void ParseOp(Graph graph)
    {
        var start = _pos;
        var resultNames = new List<(string Name, int Offset)>();
        if (Peek() == '%')
        {
            do
            {
                SkipWs();
                var at = _pos;
                Expect('%');
                resultNames.Add((ParseName(), at));
                SkipWs();
            }
            while (TryChar(','));
            Expect('=');
        }

        SkipWs();
        var mnemonicStart = _pos;
        var full = ParseName();
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
            Expect('<');
            SkipWs();
            opaqueName = ParseString();
            Expect('>');
        }

        OpSchema? schema = null;
        if (opaqueName is null && !_registry.TryGetByMnemonic(mnemonic, out schema))
        {
            throw Error($"unknown op 'graph.{mnemonic}'", mnemonicStart, full.Length, 3302, "see specs/graph-ir.md for the op list");
        }

        var inputs = new List<Value?>();
        SkipWsInline();
        if (Peek() is '%' or 'n')
        {
            do
            {
                SkipWs();
                if (TryKeyword("none"))
                {
                    inputs.Add(null);
                }
                else
                {
                    inputs.Add(ParseValueRef());
                }

                SkipWsInline();
            }
            while (TryChar(','));
        }

        SkipWs();
        var attributes = Peek() == '{' ? ParseAttributes() : AttributeMap.Empty;
        Expect(':');
        var inputTypes = ParseTypeList();
        if (inputTypes.Count != inputs.Count)
        {
            throw Error($"op has {inputs.Count} inputs but {inputTypes.Count} input types", start);
        }

        Expect("->");
        SkipWs();
        List<IrType?> resultTypes = Peek() == '(' ? ParseTypeList() : [ParseType()];
        if (resultTypes.Count != resultNames.Count)
        {
            throw Error($"op has {resultNames.Count} results but {resultTypes.Count} result types", start, code: 3305);
        }

        var nodeName = ParseOptionalLocation();
        var regions = new List<Region>();
        while (true)
        {
            SkipWsInline();
            if (!IrSyntax.IsNameChar(Peek()) && Peek() != '"')
            {
                break;
            }

            var regionName = ParseName();
            var body = new Graph(regionName);
            _scopes.Add(new Dictionary<string, Value>(StringComparer.Ordinal));
            ParseParameters(body);
            Expect('{');
            ParseBody(body, "yield");
            Expect('}');
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

        Expect('@');
        var nameStart = _pos;
        var name = ParseName();
        SkipWs();
        List<string>? raw = null;
        if (Peek() == 'd')
        {
            raw = ParseDenseRaw();
        }

        Expect(':');
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
        SkipWsInline();
        if (!TryKeyword("loc"))
        {
            return null;
        }

        Expect('(');
        SkipWs();
        var s = ParseString();
        Expect(')');
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
        var start = _pos;
        Expect('%');
        var name = ParseName();
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
        Expect('{');
        var items = new List<KeyValuePair<string, AttributeValue>>();
        SkipWs();
        if (TryChar('}'))
        {
            return AttributeMap.Empty;
        }

        do
        {
            SkipWs();
            var name = ParseName();
            Expect('=');
            items.Add(KeyValuePair.Create(name, ParseAttributeValue()));
            SkipWs();
        }
        while (TryChar(','));
        Expect('}');
        return AttributeMap.From(items);
    }

    private AttributeValue ParseAttributeValue()
    {
        SkipWs();
        var start = _pos;
        var c = Peek();
        if (c == '"')
        {
            return new StringAttr(ParseString());
        }

        if (TryKeyword("ints[]"))
        {
            return new IntsAttr([]);
        }

        if (TryKeyword("floats[]"))
        {
            return new FloatsAttr([]);
        }

        if (TryKeyword("strings[]"))
        {
            return new StringsAttr([]);
        }

        if (Peek() == 'd' && _text.AsSpan(_pos).StartsWith("dense<"))
        {
            var raw = ParseDenseRaw();
            Expect(':');
            var type = ParseType() as TensorType;
            if (type is null || !type.IsStatic)
            {
                throw Error("tensor attribute needs a static tensor type", start);
            }

            return new TensorAttr(DenseToTensor(raw, type, start));
        }

        if (TryKeyword("type<"))
        {
            var t = ParseType();
            Expect('>');
            return new TypeAttr(t);
        }

        if (c == '[')
        {
            _pos++;
            var tokens = new List<string>();
            SkipWs();
            if (!TryChar(']'))
            {
                do
                {
                    SkipWs();
                    tokens.Add(Peek() == '"' ? "\"" + ParseString() : ParseNumberToken());
                    SkipWs();
                }
                while (TryChar(','));
                Expect(']');
            }

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
        Keyword("dense");
        Expect('<');
        Expect('[');
        var tokens = new List<string>();
        SkipWs();
        if (_text.AsSpan(_pos).StartsWith("0x"))
        {
            _pos += 2;
            var s = _pos;
            while (_pos < _text.Length && char.IsAsciiHexDigit(_text[_pos]))
            {
                _pos++;
            }

            tokens.Add("0x" + _text[s.._pos]);
            Expect(']');
            Expect('>');
            return tokens;
        }

        if (!TryChar(']'))
        {
            do
            {
                SkipWs();
                tokens.Add(Peek() == '"' ? "\"" + ParseString() : ParseNumberToken());
                SkipWs();
            }
            while (TryChar(','));
            Expect(']');
        }

        Expect('>');
        return tokens;
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
        Expect('(');
        var types = new List<IrType?>();
        SkipWs();
        if (TryChar(')'))
        {
            return types;
        }

        do
        {
            SkipWs();
            types.Add(TryKeyword("none") ? null : ParseType());
            SkipWs();
        }
        while (TryChar(','));
        Expect(')');
        return types;
    }

    private IrType ParseType()
    {
        SkipWs();
        var start = _pos;
        if (TryChar('?'))
        {
            return IrType.Unknown;
        }

        if (TryKeyword("seq<"))
        {
            var e = ParseType();
            Expect('>');
            return new SequenceType(e);
        }

        if (TryKeyword("opt<"))
        {
            var e = ParseType();
            Expect('>');
            return new OptionalType(e);
        }

        if (!TryKeyword("tensor<"))
        {
            throw Error("expected a type such as 'tensor<2x3xf32>'", start);
        }

        var close = _text.IndexOf('>', _pos);
        if (close < 0)
        {
            throw Error("unterminated tensor type", start);
        }

        var body = _text[_pos..close];
        _pos = close + 1;
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

    private string ParseName()
    {
        if (Peek() == '"')
        {
            return ParseString();
        }

        var start = _pos;
        while (_pos < _text.Length && IrSyntax.IsNameChar(_text[_pos]))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error("expected a name", start);
        }

        return _text[start.._pos];
    }

    private string ParseNumberToken()
    {
        var start = _pos;
        if (Peek() is '-' or '+')
        {
            _pos++;
        }

        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '.' || ((_text[_pos] is '-' or '+') && _text[_pos - 1] is 'e' or 'E')))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error("expected a number", start);
        }

        return _text[start.._pos];
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

    private string ParseString()
    {
        var start = _pos;
        Expect('"');
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string", start);
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                throw Error("unterminated string", start);
            }

            var e = _text[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'u' when _pos + 4 <= _text.Length && int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var u):
                    sb.Append((char)u);
                    _pos += 4;
                    break;
                case '"' or '\\': sb.Append(e); break;
                default: throw Error($"unknown escape '\\{e}'", _pos - 2, 2);
            }
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipWs()
    {
        while (_pos < _text.Length)
        {
            if (char.IsWhiteSpace(_text[_pos]))
            {
                _pos++;
            }
            else if (_text[_pos] == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private void SkipWsInline()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t')
        {
            _pos++;
        }
    }

    private bool TryChar(char c)
    {
        var saved = _pos;
        SkipWs();
        if (Peek() == c)
        {
            _pos++;
            return true;
        }

        _pos = saved;
        return false;
    }

    private void Expect(char c)
    {
        if (!TryChar(c))
        {
            throw Error($"expected '{c}'", _pos);
        }
    }

    private void Expect(string s)
    {
        SkipWs();
        if (!_text.AsSpan(_pos).StartsWith(s, StringComparison.Ordinal))
        {
            throw Error($"expected '{s}'", _pos);
        }

        _pos += s.Length;
    }

    private bool TryKeyword(string word)
    {
        var saved = _pos;
        SkipWs();
        if (!_text.AsSpan(_pos).StartsWith(word, StringComparison.Ordinal))
        {
            _pos = saved;
            return false;
        }

        var end = _pos + word.Length;
        if (char.IsAsciiLetter(word[^1]) && end < _text.Length && IrSyntax.IsNameChar(_text[end]))
        {
            _pos = saved;
            return false;
        }

        _pos = end;
        return true;
    }

    private void Keyword(string word)
    {
        if (!TryKeyword(word))
        {
            throw Error($"expected '{word}'", _pos);
        }
    }

    private IrSyntaxException Error(string message, int? offset = null, int length = 1, int code = 3301, string? hint = null) =>
        new(message, Math.Min(offset ?? _pos, _text.Length), length, code, hint);

    private sealed class IrSyntaxException(string message, int offset, int length, int code, string? hint) : Exception(message)
    {
        public int Offset { get; } = offset;

        public int Length { get; } = length;

        public int Code { get; } = code;

        public string? Hint { get; } = hint;
    }
}
