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

    /// <summary>Kernel IR lexing: failed tries stay after the whitespace, errors cover the offending token, strings end at
    /// the line.</summary>
    private static readonly IrLexerOptions LexerOptions = new()
    {
        SyntaxCode = C.Syntax,
        ErrorsCoverNextToken = true,
        IsKeywordChar = IsWordChar,
        StringsSpanLines = false,
    };

    private readonly IrLexer _lx;
    private readonly string _text;
    private readonly KernelModule _module = new();
    private readonly Dictionary<string, KernelBuffer> _buffers = new(StringComparer.Ordinal);
    private readonly List<Dictionary<string, KernelValue>> _scopes = [];
    private readonly HashSet<string> _kernelNames = new(StringComparer.Ordinal);
    private HashSet<string> _valueNames = new(StringComparer.Ordinal);

    private KernelParser(string text, string path)
    {
        _lx = new IrLexer(new SourceText(path, text), LexerOptions);
        _text = text;
        _module.Source = _lx.Source;
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
        catch (IrSyntaxException e)
        {
            var bag = new DiagnosticBag();
            parser._lx.Report(e, bag);
            return new KernelParseResult(null, [.. bag]);
        }
    }

    // ---- module, buffers, kernels ----

    private void ParseModule()
    {
        _lx.Keyword("kernel.module");
        _lx.Expect('@');
        _module.Name = ParseName();
        _lx.Expect('{');
        while (true)
        {
            _lx.SkipTrivia();
            if (_lx.TryChar('}'))
            {
                break;
            }

            if (_lx.TryKeyword("buffer"))
            {
                ParseBuffer();
            }
            else if (_lx.TryKeyword("kernel"))
            {
                ParseKernel();
            }
            else
            {
                throw Error(C.Syntax, "expected 'buffer', 'kernel' or '}'");
            }
        }

        _lx.SkipTrivia();
        if (_lx.Position < _text.Length)
        {
            throw Error(C.Syntax, "expected end of text after the module");
        }
    }

    private void ParseBuffer()
    {
        var start = _lx.Position;
        _lx.Expect('@');
        var nameAt = _lx.Position;
        var name = ParseName();
        if (_buffers.ContainsKey(name))
        {
            throw Error(C.DuplicateName, $"buffer '{name}' is declared twice", nameAt);
        }

        _lx.Expect(':');
        _lx.SkipTrivia();
        var kindAt = _lx.Position;
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
        b.Span = TextSpan.FromBounds(start, _lx.Position);
        _buffers[name] = b;
        _lx.SkipTrivia();
        if (_lx.TryChar('='))
        {
            _lx.SkipTrivia();
            var dataAt = _lx.Position;
            b.Data = ParseDense(b, dataAt);
        }
    }

    private (ElementType, long[]) ParseBufferType()
    {
        _lx.SkipTrivia();
        var start = _lx.Position;
        _lx.Keyword("buf");
        _lx.Expect('<');
        var close = _text.IndexOf('>', _lx.Position);
        if (close < 0)
        {
            throw Error(C.Syntax, "expected '>' after the buffer type");
        }

        var parts = _text[_lx.Position..close].Split('x');
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

        _lx.Position = close + 1;
        return (et, dims);
    }

    private TensorData ParseDense(KernelBuffer b, int start)
    {
        _lx.Keyword("dense");
        _lx.Expect('<');
        _lx.Expect('[');
        var kind = b.ValueType.Scalar;
        var floats = new List<double>();
        var ints = new List<long>();
        _lx.SkipTrivia();
        if (!_lx.TryChar(']'))
        {
            do
            {
                _lx.SkipTrivia();
                var at = _lx.Position;
                if (b.ValueType.IsFloat)
                {
                    floats.Add(Numerics.RoundFloat(kind, ParseFloat()));
                }
                else
                {
                    ints.Add(ParseIntOf(kind, at));
                }

                _lx.SkipTrivia();
            }
            while (_lx.TryChar(','));
            _lx.Expect(']');
        }

        _lx.Expect('>');
        var count = b.ValueType.IsFloat ? floats.Count : ints.Count;
        if (count != b.ElementCount)
        {
            throw Error(C.BadLiteral, $"buffer '{b.Name}' holds {b.ElementCount} elements, the data has {count}", start, _lx.Position - start);
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
        var start = _lx.Position;
        _lx.Expect('@');
        var nameAt = _lx.Position;
        var name = ParseName();
        if (!_kernelNames.Add(name))
        {
            throw Error(C.DuplicateName, $"kernel '{name}' is declared twice", nameAt);
        }

        _lx.Expect('(');
        var parameters = new List<KernelBuffer>();
        _lx.SkipTrivia();
        if (!_lx.TryChar(')'))
        {
            do
            {
                parameters.Add(ParseBufferRef());
                _lx.SkipTrivia();
            }
            while (_lx.TryChar(','));
            _lx.Expect(')');
        }

        var kernel = _module.AddKernel(name, [.. parameters]);
        kernel.Span = TextSpan.FromBounds(start, _lx.Position);
        _valueNames = new HashSet<string>(StringComparer.Ordinal);
        _lx.Expect('{');
        ParseBlock(kernel.Body, 1);
        _lx.Expect('}');
    }

    private KernelBuffer ParseBufferRef()
    {
        _lx.SkipTrivia();
        var at = _lx.Position;
        _lx.Expect('@');
        var name = ParseName();
        return _buffers.TryGetValue(name, out var b) ? b
            : throw Error(C.UnknownBuffer, $"unknown buffer '{name}'", at, _lx.Position - at, "declare it with 'buffer @name : kind buf<...>' before the kernels");
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
            _lx.SkipTrivia();
            if (_lx.Peek() == '}')
            {
                break;
            }

            var start = _lx.Position;
            if (_lx.TryKeyword("kernel.yield"))
            {
                block.Yield.AddRange(ParseUses());
                block.YieldSpan = TextSpan.FromBounds(start, _lx.Position);
                _lx.SkipTrivia();
                if (_lx.Peek() != '}')
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
        var start = _lx.Position;
        var results = new List<(string Name, int At)>();
        if (_lx.Peek() == '%')
        {
            do
            {
                _lx.SkipTrivia();
                var at = _lx.Position;
                results.Add((ParseValueName(), at));
                _lx.SkipTrivia();
            }
            while (_lx.TryChar(','));
            _lx.Expect('=');
            _lx.SkipTrivia();
        }

        var mnemonicAt = _lx.Position;
        _lx.Expect("kernel.");
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
            throw Error(C.UnknownOp, $"unknown op 'kernel.{mnemonic}'", mnemonicAt, _lx.Position - mnemonicAt);
        }

        if (results.Count != 1)
        {
            throw Error(C.Syntax, $"kernel.{mnemonic} has one result, not {results.Count}", start);
        }

        KernelOp op;
        _lx.SkipTrivia();
        if (info.Opcode == Opcode.Const)
        {
            var litAt = _lx.Position;
            var literal = ParseNumberToken();
            _lx.Expect(':');
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
            _lx.Expect('[');
            var index = ParseUse();
            _lx.Expect(']');
            long stride = 0;
            if (info.Opcode == Opcode.VLoadStrided)
            {
                _lx.Expect(',');
                _lx.SkipTrivia();
                stride = ParseIntOf(ScalarKind.I64, _lx.Position);
            }

            _lx.Expect(':');
            op = new KernelOp(info.Opcode, ParseType(), [index], buffer) { IntValue = stride };
        }
        else
        {
            var operands = ParseUses();
            _lx.Expect(':');
            op = new KernelOp(info.Opcode, ParseType(), operands);
        }

        op.Span = TextSpan.FromBounds(start, _lx.Position);
        Define(results[0].Name, op.Result, results[0].At);
        return op;
    }

    private StoreOp ParseStore(int start)
    {
        var value = ParseUse();
        _lx.Expect(',');
        var buffer = ParseBufferRef();
        _lx.Expect('[');
        var index = ParseUse();
        _lx.Expect(']');
        _lx.Expect(':');
        var typeAt = _lx.Position;
        var type = ParseType();
        if (type != value.Type)
        {
            throw Error(C.BadType, $"kernel.store says {type} but the value is {value.Type}", typeAt, _lx.Position - typeAt);
        }

        return new StoreOp(buffer, index, value) { Span = TextSpan.FromBounds(start, _lx.Position) };
    }

    private ForOp ParseFor(int start, List<(string Name, int At)> results, int depth)
    {
        _lx.SkipTrivia();
        var ivAt = _lx.Position;
        var iv = ParseValueName();
        _lx.Expect('=');
        var lo = ParseUse();
        _lx.Keyword("to");
        var hi = ParseUse();
        _lx.Keyword("step");
        var step = ParseUse();
        var iterNames = new List<(string Name, int At)>();
        var inits = new List<KernelValue>();
        if (_lx.TryKeyword("iter_args"))
        {
            _lx.Expect('(');
            do
            {
                _lx.SkipTrivia();
                var at = _lx.Position;
                iterNames.Add((ParseValueName(), at));
                _lx.Expect('=');
                inits.Add(ParseUse());
                _lx.SkipTrivia();
            }
            while (_lx.TryChar(','));
            _lx.Expect(')');
            _lx.Expect("->");
            var typesAt = _lx.Position;
            var types = ParseTypeList();
            if (!types.SequenceEqual(inits.Select(v => v.Type)))
            {
                throw Error(C.BadType, "the types after '->' differ from the types of the iter_args' initial values", typesAt, _lx.Position - typesAt);
            }
        }

        if (results.Count != inits.Count)
        {
            throw Error(C.Syntax, $"kernel.for with {inits.Count} iter_args has {inits.Count} results, not {results.Count}", start);
        }

        var loop = new ForOp(lo, hi, step, [.. inits], Hint(iv));
        while (true)
        {
            _lx.SkipTrivia();
            if (_lx.TryKeyword("parallel"))
            {
                loop.Parallel = true;
            }
            else if (_lx.TryKeyword("unroll"))
            {
                loop.Unroll = ParseSmallIntInParens();
            }
            else if (_lx.TryKeyword("vectorize"))
            {
                loop.Vectorize = ParseSmallIntInParens();
            }
            else
            {
                break;
            }
        }

        loop.Span = TextSpan.FromBounds(start, _lx.Position);
        _lx.Expect('{');
        var entry = new List<(string, KernelValue, int)> { (iv, loop.InductionVar, ivAt) };
        for (var k = 0; k < iterNames.Count; k++)
        {
            loop.IterArgs[k].NameHint = Hint(iterNames[k].Name);
            entry.Add((iterNames[k].Name, loop.IterArgs[k], iterNames[k].At));
        }

        ParseBlock(loop.Body, depth + 1, entry);
        _lx.Expect('}');
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
        _lx.SkipTrivia();
        if (_lx.TryString("->"))
        {
            types = [.. ParseTypeList()];
        }

        if (results.Count != types.Length)
        {
            throw Error(C.Syntax, $"kernel.if with {types.Length} result types has {results.Count} results", start);
        }

        var op = new IfOp(cond, types) { Span = TextSpan.FromBounds(start, _lx.Position) };
        _lx.Expect('{');
        ParseBlock(op.Then, depth + 1);
        _lx.Expect('}');
        _lx.SkipTrivia();
        if (_lx.TryKeyword("else"))
        {
            _lx.Expect('{');
            ParseBlock(op.Else, depth + 1);
            _lx.Expect('}');
        }

        for (var k = 0; k < results.Count; k++)
        {
            Define(results[k].Name, op.Results[k], results[k].At);
        }

        return op;
    }

    private void NoResults(List<(string Name, int At)> results, string mnemonic)
    {
        if (results.Count > 0)
        {
            throw Error(C.Syntax, $"kernel.{mnemonic} has no results", results[0].At);
        }
    }

    private int ParseSmallIntInParens()
    {
        _lx.Expect('(');
        _lx.SkipTrivia();
        var at = _lx.Position;
        var token = ParseNumberToken();
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw Error(C.BadLiteral, $"'{token}' is not a small whole number", at, token.Length);
        }

        _lx.Expect(')');
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
        _lx.SkipTrivia();
        var at = _lx.Position;
        var name = ParseValueName();
        for (var s = _scopes.Count - 1; s >= 0; s--)
        {
            if (_scopes[s].TryGetValue(name, out var v))
            {
                return v;
            }
        }

        throw Error(C.UndefinedValue, $"value '%{name}' is not defined here", at, _lx.Position - at,
            "a value is visible after its definition, in its block and the blocks nested in it");
    }

    private ImmutableArray<KernelValue> ParseUses()
    {
        var list = ImmutableArray.CreateBuilder<KernelValue>();
        _lx.SkipTrivia();
        if (_lx.Peek() != '%')
        {
            return list.ToImmutable();
        }

        do
        {
            list.Add(ParseUse());
            _lx.SkipTrivia();
        }
        while (_lx.TryChar(','));
        return list.ToImmutable();
    }

    private string ParseValueName()
    {
        _lx.Expect('%');
        var name = _lx.ScanWhile(KernelSyntax.IsNameChar);
        return name.Length > 0 ? name : throw Error(C.Syntax, "expected a value name after '%'");
    }

    // ---- types and literals ----

    private KernelType ParseType()
    {
        _lx.SkipTrivia();
        var start = _lx.Position;
        string text;
        if (_lx.TryString("vector<"))
        {
            var close = _text.IndexOf('>', _lx.Position);
            if (close < 0)
            {
                throw Error(C.Syntax, "expected '>' to close the vector type", start);
            }

            _lx.Position = close + 1;
            text = _text[start.._lx.Position];
        }
        else
        {
            text = ParseWord();
        }

        return KernelType.TryParse(text, out var t) ? t.Value
            : throw Error(C.BadType, $"'{text}' is not a kernel type", start, Math.Max(1, _lx.Position - start),
                "types: i1 i8 i16 i32 i64 u8 u16 u32 f16 bf16 f32 f64, or vector<Nxf32> with N a power of two from 2 to 64");
    }

    private List<KernelType> ParseTypeList()
    {
        _lx.Expect('(');
        var types = new List<KernelType>();
        _lx.SkipTrivia();
        if (_lx.TryChar(')'))
        {
            return types;
        }

        do
        {
            types.Add(ParseType());
            _lx.SkipTrivia();
        }
        while (_lx.TryChar(','));
        _lx.Expect(')');
        return types;
    }

    private string ParseNumberToken()
    {
        _lx.SkipTrivia();
        var token = _lx.ScanWhile(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '+' or '.');
        return token.Length > 0 ? token : throw Error(C.Syntax, "expected a number");
    }

    private double ParseFloat()
    {
        var at = _lx.Position;
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
        _lx.SkipTrivia();
        return _lx.ScanName();
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private string ParseWord()
    {
        _lx.SkipTrivia();
        var word = _lx.ScanWhile(IsWordChar);
        return word.Length > 0 ? word : throw Error(C.Syntax, "expected a word");
    }

    private IrSyntaxException Error(int code, string message, int? at = null, int length = 1, string? hint = null) =>
        _lx.Error(message, at, length, code, hint);
}
