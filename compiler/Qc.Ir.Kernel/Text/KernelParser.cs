using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Core.Text;
using C = Qc.Ir.Kernel.KernelDiagnosticCodes;

namespace Qc.Ir.Kernel;

/// <summary>The result of parsing kernel IR text: the module (null when the text has errors) and diagnostics.</summary>
public sealed record KernelParseResult(KernelModule? Module, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>Parses kernel IR text as <see cref="KernelPrinter"/> writes it (specs/kernel-ir.md).</summary>
/// <remarks>Stops at the first error and reports it (QC5201-QC5209) at its line and column; never throws for bad text.
/// The parsed module is not verified: call <see cref="KernelModule.Verify"/>, whose diagnostics point into the text.</remarks>
public sealed class KernelParser
{
    /// <summary>Blocks may nest this deep.</summary>
    public const int MaxDepth = 64;

    private readonly SourceText _source;
    private readonly string _text;
    private readonly KernelModule _module = new();
    private readonly Dictionary<string, KernelBuffer> _buffers = new(StringComparer.Ordinal);
    private readonly List<Dictionary<string, KernelValue>> _scopes = [];
    private readonly HashSet<string> _kernelNames = new(StringComparer.Ordinal);
    private HashSet<string> _valueNames = new(StringComparer.Ordinal);
    private int _pos;

    private KernelParser(string text, string path)
    {
        _source = new SourceText(path, text);
        _text = text;
        _module.Source = _source;
    }

    /// <summary>Parses a whole module.</summary>
    public static KernelParseResult Parse(string text, string path = "<kernel-ir>")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        var parser = new KernelParser(text, path);
        try
        {
            parser.ParseModule();
            return new KernelParseResult(parser._module, []);
        }
        catch (SyntaxError e)
        {
            var bag = new DiagnosticBag();
            var start = Math.Clamp(e.Offset, 0, text.Length);
            bag.Error(e.Code, new SourceLocation(parser._source, new TextSpan(start, Math.Max(1, e.Length))), e.Message, e.Hint);
            return new KernelParseResult(null, [.. bag]);
        }
    }

    // ---- module, buffers, kernels ----

    private void ParseModule()
    {
        Keyword("kernel.module");
        Expect('@');
        _module.Name = ParseName();
        Expect('{');
        while (true)
        {
            SkipWs();
            if (TryChar('}'))
            {
                break;
            }

            if (TryKeyword("buffer"))
            {
                ParseBuffer();
            }
            else if (TryKeyword("kernel"))
            {
                ParseKernel();
            }
            else
            {
                throw Error(C.Syntax, "expected 'buffer', 'kernel' or '}'");
            }
        }

        SkipWs();
        if (_pos < _text.Length)
        {
            throw Error(C.Syntax, "expected end of text after the module");
        }
    }

    private void ParseBuffer()
    {
        var start = _pos;
        Expect('@');
        var nameAt = _pos;
        var name = ParseName();
        if (_buffers.ContainsKey(name))
        {
            throw Error(C.DuplicateName, $"buffer '{name}' is declared twice", nameAt);
        }

        Expect(':');
        SkipWs();
        var kindAt = _pos;
        var kind = ParseWord() switch
        {
            "input" => BufferKind.Input,
            "output" => BufferKind.Output,
            "weight" => BufferKind.Weight,
            "temp" => BufferKind.Temp,
            var w => throw Error(C.Syntax, $"expected a buffer kind (input, output, weight, temp), not '{w}'", kindAt),
        };
        var (elementType, shape) = ParseBufferType();
        var b = _module.AddBuffer(name, elementType, shape, kind);
        b.Span = TextSpan.FromBounds(start, _pos);
        _buffers[name] = b;
        SkipWs();
        if (TryChar('='))
        {
            SkipWs();
            var dataAt = _pos;
            b.Data = ParseDense(b, dataAt);
        }
    }

    private (ElementType, long[]) ParseBufferType()
    {
        SkipWs();
        var start = _pos;
        Keyword("buf");
        Expect('<');
        var close = _text.IndexOf('>', _pos);
        if (close < 0)
        {
            throw Error(C.Syntax, "expected '>' after the buffer type");
        }

        var parts = _text[_pos..close].Split('x');
        var dims = new long[parts.Length - 1];
        for (var i = 0; i < dims.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]))
            {
                throw Error(C.BadType, $"'{parts[i]}' is not a dimension (a whole number)", start, close + 1 - start);
            }
        }

        if (!ElementTypes.TryParse(parts[^1], out var et) || !KernelType.TryFromElementType(et, out _))
        {
            throw Error(C.BadType, $"'{parts[^1]}' is not an element type kernels support", start, close + 1 - start,
                "use f32, f16, bf16, f64, i8, u8, i16, u16, i32, u32, i64 or i1");
        }

        _pos = close + 1;
        return (et, dims);
    }

    private TensorData ParseDense(KernelBuffer b, int start)
    {
        Keyword("dense");
        Expect('<');
        Expect('[');
        var kind = b.ValueType.Scalar;
        var floats = new List<double>();
        var ints = new List<long>();
        SkipWs();
        if (!TryChar(']'))
        {
            do
            {
                SkipWs();
                var at = _pos;
                if (b.ValueType.IsFloat)
                {
                    floats.Add(Numerics.RoundFloat(kind, ParseFloat()));
                }
                else
                {
                    ints.Add(ParseIntOf(kind, at));
                }

                SkipWs();
            }
            while (TryChar(','));
            Expect(']');
        }

        Expect('>');
        var count = b.ValueType.IsFloat ? floats.Count : ints.Count;
        if (count != b.ElementCount)
        {
            throw Error(C.BadLiteral, $"buffer '{b.Name}' holds {b.ElementCount} elements, the data has {count}", start, _pos - start);
        }

        var bytes = new byte[b.ElementType.ByteCount(count)];
        var span = bytes.AsSpan();
        for (var i = 0; i < count; i++)
        {
            switch (b.ElementType)
            {
                case ElementType.F32: MemoryMarshal.Write(span[(i * 4)..], (float)floats[i]); break;
                case ElementType.F64: MemoryMarshal.Write(span[(i * 8)..], floats[i]); break;
                case ElementType.F16: MemoryMarshal.Write(span[(i * 2)..], (Half)floats[i]); break;
                case ElementType.BF16: MemoryMarshal.Write(span[(i * 2)..], (ushort)(BitConverter.SingleToUInt32Bits((float)floats[i]) >> 16)); break;
                case ElementType.I64: MemoryMarshal.Write(span[(i * 8)..], ints[i]); break;
                case ElementType.I32 or ElementType.U32: MemoryMarshal.Write(span[(i * 4)..], (uint)ints[i]); break;
                case ElementType.I16 or ElementType.U16: MemoryMarshal.Write(span[(i * 2)..], (ushort)ints[i]); break;
                default: bytes[i] = (byte)ints[i]; break;
            }
        }

        return TensorData.FromBytes(b.ElementType, b.Shape.AsSpan(), bytes);
    }

    private void ParseKernel()
    {
        var start = _pos;
        Expect('@');
        var nameAt = _pos;
        var name = ParseName();
        if (!_kernelNames.Add(name))
        {
            throw Error(C.DuplicateName, $"kernel '{name}' is declared twice", nameAt);
        }

        Expect('(');
        var parameters = new List<KernelBuffer>();
        SkipWs();
        if (!TryChar(')'))
        {
            do
            {
                parameters.Add(ParseBufferRef());
                SkipWs();
            }
            while (TryChar(','));
            Expect(')');
        }

        var kernel = _module.AddKernel(name, [.. parameters]);
        kernel.Span = TextSpan.FromBounds(start, _pos);
        _valueNames = new HashSet<string>(StringComparer.Ordinal);
        Expect('{');
        ParseBlock(kernel.Body, 1);
        Expect('}');
    }

    private KernelBuffer ParseBufferRef()
    {
        SkipWs();
        var at = _pos;
        Expect('@');
        var name = ParseName();
        return _buffers.TryGetValue(name, out var b) ? b
            : throw Error(C.UnknownBuffer, $"unknown buffer '{name}'", at, _pos - at, "declare it with 'buffer @name : kind buf<...>' before the kernels");
    }

    // ---- statements ----

    private void ParseBlock(KernelBlock block, int depth, IEnumerable<(string Name, KernelValue Value, int At)>? entry = null)
    {
        if (depth > MaxDepth)
        {
            throw Error(C.TooDeep, $"statements nest deeper than {MaxDepth} levels");
        }

        _scopes.Add(new Dictionary<string, KernelValue>(StringComparer.Ordinal));
        foreach (var (name, value, at) in entry ?? [])
        {
            Bind(name, value, at);
        }

        while (true)
        {
            SkipWs();
            if (Peek() == '}')
            {
                break;
            }

            var start = _pos;
            if (TryKeyword("kernel.yield"))
            {
                block.Yield.AddRange(ParseUses());
                block.YieldSpan = TextSpan.FromBounds(start, _pos);
                SkipWs();
                if (Peek() != '}')
                {
                    throw Error(C.Syntax, "expected '}' after kernel.yield");
                }

                break;
            }

            block.Statements.Add(ParseStatement(depth));
        }

        _scopes.RemoveAt(_scopes.Count - 1);
    }

    private KernelStmt ParseStatement(int depth)
    {
        var start = _pos;
        var results = new List<(string Name, int At)>();
        if (Peek() == '%')
        {
            do
            {
                SkipWs();
                var at = _pos;
                results.Add((ParseValueName(), at));
                SkipWs();
            }
            while (TryChar(','));
            Expect('=');
            SkipWs();
        }

        var mnemonicAt = _pos;
        Expect("kernel.");
        var mnemonic = ParseWord();
        switch (mnemonic)
        {
            case "store":
                NoResults(results, mnemonic);
                return ParseStore(start);
            case "for":
                return ParseFor(start, results, depth);
            case "if":
                return ParseIf(start, results, depth);
            case "yield":
                throw Error(C.Syntax, "kernel.yield must be the last statement of a block", mnemonicAt);
        }

        if (!OpcodeInfo.TryParse(mnemonic, out var info))
        {
            throw Error(C.UnknownOp, $"unknown op 'kernel.{mnemonic}'", mnemonicAt, _pos - mnemonicAt);
        }

        if (results.Count != 1)
        {
            throw Error(C.Syntax, $"kernel.{mnemonic} has one result, not {results.Count}", start);
        }

        KernelOp op;
        SkipWs();
        if (info.Opcode == Opcode.Const)
        {
            var litAt = _pos;
            var literal = ParseNumberToken();
            Expect(':');
            var type = ParseType();
            op = new KernelOp(Opcode.Const, type, []);
            if (type.IsFloat)
            {
                op.FloatValue = Numerics.RoundFloat(type.Scalar, FloatOf(literal, litAt));
            }
            else
            {
                op.IntValue = IntOf(type.Scalar, literal, litAt);
            }
        }
        else if (info.Shape == OpShape.Memory)
        {
            var buffer = ParseBufferRef();
            Expect('[');
            var index = ParseUse();
            Expect(']');
            long stride = 0;
            if (info.Opcode == Opcode.VLoadStrided)
            {
                Expect(',');
                SkipWs();
                stride = ParseIntOf(ScalarKind.I64, _pos);
            }

            Expect(':');
            op = new KernelOp(info.Opcode, ParseType(), [index], buffer) { IntValue = stride };
        }
        else
        {
            var operands = ParseUses();
            Expect(':');
            op = new KernelOp(info.Opcode, ParseType(), operands);
        }

        op.Span = TextSpan.FromBounds(start, _pos);
        Define(results[0].Name, op.Result, results[0].At);
        return op;
    }

    private StoreOp ParseStore(int start)
    {
        var value = ParseUse();
        Expect(',');
        var buffer = ParseBufferRef();
        Expect('[');
        var index = ParseUse();
        Expect(']');
        Expect(':');
        var typeAt = _pos;
        var type = ParseType();
        if (type != value.Type)
        {
            throw Error(C.BadType, $"kernel.store says {type} but the value is {value.Type}", typeAt, _pos - typeAt);
        }

        return new StoreOp(buffer, index, value) { Span = TextSpan.FromBounds(start, _pos) };
    }

    private ForOp ParseFor(int start, List<(string Name, int At)> results, int depth)
    {
        SkipWs();
        var ivAt = _pos;
        var iv = ParseValueName();
        Expect('=');
        var lo = ParseUse();
        Keyword("to");
        var hi = ParseUse();
        Keyword("step");
        var step = ParseUse();
        var iterNames = new List<(string Name, int At)>();
        var inits = new List<KernelValue>();
        if (TryKeyword("iter_args"))
        {
            Expect('(');
            do
            {
                SkipWs();
                var at = _pos;
                iterNames.Add((ParseValueName(), at));
                Expect('=');
                inits.Add(ParseUse());
                SkipWs();
            }
            while (TryChar(','));
            Expect(')');
            Expect("->");
            var typesAt = _pos;
            var types = ParseTypeList();
            if (!types.SequenceEqual(inits.Select(v => v.Type)))
            {
                throw Error(C.BadType, "the types after '->' differ from the types of the iter_args' initial values", typesAt, _pos - typesAt);
            }
        }

        if (results.Count != inits.Count)
        {
            throw Error(C.Syntax, $"kernel.for with {inits.Count} iter_args has {inits.Count} results, not {results.Count}", start);
        }

        var loop = new ForOp(lo, hi, step, [.. inits], Hint(iv));
        while (true)
        {
            SkipWs();
            if (TryKeyword("parallel"))
            {
                loop.Parallel = true;
            }
            else if (TryKeyword("unroll"))
            {
                loop.Unroll = ParseSmallIntInParens();
            }
            else if (TryKeyword("vectorize"))
            {
                loop.Vectorize = ParseSmallIntInParens();
            }
            else
            {
                break;
            }
        }

        loop.Span = TextSpan.FromBounds(start, _pos);
        Expect('{');
        var entry = new List<(string, KernelValue, int)> { (iv, loop.InductionVar, ivAt) };
        for (var k = 0; k < iterNames.Count; k++)
        {
            loop.IterArgs[k].NameHint = Hint(iterNames[k].Name);
            entry.Add((iterNames[k].Name, loop.IterArgs[k], iterNames[k].At));
        }

        ParseBlock(loop.Body, depth + 1, entry);
        Expect('}');
        for (var k = 0; k < results.Count; k++)
        {
            Define(results[k].Name, loop.Results[k], results[k].At);
        }

        return loop;
    }

    private IfOp ParseIf(int start, List<(string Name, int At)> results, int depth)
    {
        var cond = ParseUse();
        ImmutableArray<KernelType> types = [];
        SkipWs();
        if (TryString("->"))
        {
            types = [.. ParseTypeList()];
        }

        if (results.Count != types.Length)
        {
            throw Error(C.Syntax, $"kernel.if with {types.Length} result types has {results.Count} results", start);
        }

        var op = new IfOp(cond, types) { Span = TextSpan.FromBounds(start, _pos) };
        Expect('{');
        ParseBlock(op.Then, depth + 1);
        Expect('}');
        SkipWs();
        if (TryKeyword("else"))
        {
            Expect('{');
            ParseBlock(op.Else, depth + 1);
            Expect('}');
        }

        for (var k = 0; k < results.Count; k++)
        {
            Define(results[k].Name, op.Results[k], results[k].At);
        }

        return op;
    }

    private static void NoResults(List<(string Name, int At)> results, string mnemonic)
    {
        if (results.Count > 0)
        {
            throw new SyntaxError(C.Syntax, results[0].At, 1, $"kernel.{mnemonic} has no results", null);
        }
    }

    private int ParseSmallIntInParens()
    {
        Expect('(');
        SkipWs();
        var at = _pos;
        var token = ParseNumberToken();
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw Error(C.BadLiteral, $"'{token}' is not a small whole number", at, token.Length);
        }

        Expect(')');
        return n;
    }

    // ---- values ----

    private static string? Hint(string name) => KernelSyntax.IsValueHint(name) ? name : null;

    private void Define(string name, KernelValue value, int at)
    {
        if (!_valueNames.Add(name))
        {
            throw Error(C.DuplicateValue, $"value '%{name}' is defined twice", at, name.Length + 1, "give every value of a kernel its own name");
        }

        value.NameHint = Hint(name);
        _scopes[^1][name] = value;
    }

    private void Bind(string name, KernelValue value, int at) => Define(name, value, at);

    private KernelValue ParseUse()
    {
        SkipWs();
        var at = _pos;
        var name = ParseValueName();
        for (var s = _scopes.Count - 1; s >= 0; s--)
        {
            if (_scopes[s].TryGetValue(name, out var v))
            {
                return v;
            }
        }

        throw Error(C.UndefinedValue, $"value '%{name}' is not defined here", at, _pos - at,
            "a value is visible after its definition, in its block and the blocks nested in it");
    }

    private ImmutableArray<KernelValue> ParseUses()
    {
        var list = ImmutableArray.CreateBuilder<KernelValue>();
        SkipWs();
        if (Peek() != '%')
        {
            return list.ToImmutable();
        }

        do
        {
            list.Add(ParseUse());
            SkipWs();
        }
        while (TryChar(','));
        return list.ToImmutable();
    }

    private string ParseValueName()
    {
        Expect('%');
        var start = _pos;
        while (_pos < _text.Length && KernelSyntax.IsNameChar(_text[_pos]))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error(C.Syntax, "expected a value name after '%'");
        }

        return _text[start.._pos];
    }

    // ---- types and literals ----

    private KernelType ParseType()
    {
        SkipWs();
        var start = _pos;
        string text;
        if (TryString("vector<"))
        {
            var close = _text.IndexOf('>', _pos);
            if (close < 0)
            {
                throw Error(C.Syntax, "expected '>' to close the vector type", start);
            }

            _pos = close + 1;
            text = _text[start.._pos];
        }
        else
        {
            text = ParseWord();
        }

        return KernelType.TryParse(text, out var t) ? t.Value
            : throw Error(C.BadType, $"'{text}' is not a kernel type", start, Math.Max(1, _pos - start),
                "types: i1 i8 i16 i32 i64 u8 u16 u32 f16 bf16 f32 f64, or vector<Nxf32> with N a power of two from 2 to 64");
    }

    private List<KernelType> ParseTypeList()
    {
        Expect('(');
        var types = new List<KernelType>();
        SkipWs();
        if (TryChar(')'))
        {
            return types;
        }

        do
        {
            types.Add(ParseType());
            SkipWs();
        }
        while (TryChar(','));
        Expect(')');
        return types;
    }

    private string ParseNumberToken()
    {
        SkipWs();
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '-' or '+' or '.'))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error(C.Syntax, "expected a number");
        }

        return _text[start.._pos];
    }

    private double ParseFloat()
    {
        var at = _pos;
        return FloatOf(ParseNumberToken(), at);
    }

    private double FloatOf(string token, int at) => token switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ when double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw Error(C.BadLiteral, $"'{token}' is not a number", at, token.Length),
    };

    private long ParseIntOf(ScalarKind kind, int at) => IntOf(kind, ParseNumberToken(), at);

    private long IntOf(ScalarKind kind, string token, int at)
    {
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            throw Error(C.BadLiteral, $"'{token}' is not a whole number of type {KernelType.NameOf(kind)}", at, token.Length);
        }

        if (v < Numerics.MinOf(kind) || v > Numerics.MaxOf(kind))
        {
            throw Error(C.BadLiteral, $"{token} does not fit in {KernelType.NameOf(kind)}", at, token.Length);
        }

        return v;
    }

    // ---- lexical helpers ----

    private string ParseName()
    {
        SkipWs();
        if (Peek() == '"')
        {
            return ParseString();
        }

        var start = _pos;
        while (_pos < _text.Length && KernelSyntax.IsNameChar(_text[_pos]))
        {
            _pos++;
        }

        return _pos > start ? _text[start.._pos] : throw Error(C.Syntax, "expected a name");
    }

    private string ParseString()
    {
        var start = _pos;
        Expect('"');
        var sb = new System.Text.StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                throw Error(C.Syntax, "unterminated string", start);
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
                throw Error(C.Syntax, "unterminated string", start);
            }

            var e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'u' when _pos + 4 <= _text.Length && int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var u):
                    sb.Append((char)u);
                    _pos += 4;
                    break;
                default: throw Error(C.Syntax, $"unknown escape '\\{e}'", _pos - 2);
            }
        }
    }

    private string ParseWord()
    {
        SkipWs();
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        return _pos > start ? _text[start.._pos] : throw Error(C.Syntax, "expected a word");
    }

    private void SkipWs()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
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

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private bool TryChar(char c)
    {
        SkipWs();
        if (Peek() != c)
        {
            return false;
        }

        _pos++;
        return true;
    }

    private bool TryString(string s)
    {
        SkipWs();
        if (string.CompareOrdinal(_text, _pos, s, 0, s.Length) != 0)
        {
            return false;
        }

        _pos += s.Length;
        return true;
    }

    private void Expect(char c)
    {
        if (!TryChar(c))
        {
            throw Error(C.Syntax, $"expected '{c}'");
        }
    }

    private void Expect(string s)
    {
        if (!TryString(s))
        {
            throw Error(C.Syntax, $"expected '{s}'");
        }
    }

    private bool TryKeyword(string word)
    {
        SkipWs();
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            return false;
        }

        var end = _pos + word.Length;
        if (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_'))
        {
            return false;
        }

        _pos = end;
        return true;
    }

    private void Keyword(string word)
    {
        if (!TryKeyword(word))
        {
            throw Error(C.Syntax, $"expected '{word}'");
        }
    }

    private SyntaxError Error(int code, string message, int? at = null, int length = 1, string? hint = null)
    {
        var offset = at ?? _pos;
        if (at is null)
        {
            // Point at the offending token, not at the whitespace before it.
            SkipWs();
            offset = _pos;
            var end = offset;
            while (end < _text.Length && !char.IsWhiteSpace(_text[end]) && end - offset < 40)
            {
                end++;
            }

            length = Math.Max(1, end - offset);
            if (offset >= _text.Length)
            {
                message += ", found end of text";
            }
        }

        return new SyntaxError(code, offset, length, message, hint);
    }

    /// <summary>The first error of the text; the parser stops there.</summary>
    private sealed class SyntaxError(int code, int offset, int length, string message, string? hint) : Exception(message)
    {
        public int Code { get; } = code;

        public int Offset { get; } = offset;

        public int Length { get; } = length;

        public string? Hint { get; } = hint;
    }
}
