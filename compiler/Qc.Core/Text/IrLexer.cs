using System.Globalization;
using System.Text;
using Qc.Core.Diagnostics;

namespace Qc.Core.Text;

/// <summary>Where the lexical rules of one IR text form (graph IR, kernel IR) differ; <see cref="IrLexer"/> follows them.</summary>
public sealed record IrLexerOptions
{
    /// <summary>The diagnostic code of a syntax error that names no code of its own.</summary>
    public required int SyntaxCode { get; init; }

    /// <summary>When true a failed <see cref="IrLexer.TryChar"/>, <see cref="IrLexer.TryString"/> or
    /// <see cref="IrLexer.TryKeyword"/> goes back to where it started; when false it stays after the whitespace it skipped.</summary>
    public bool Backtrack { get; init; }

    /// <summary>When true an error given no offset skips whitespace and covers the next token (at most 40 characters),
    /// adding ", found end of text" at the end; when false it points at the current position.</summary>
    public bool ErrorsCoverNextToken { get; init; }

    /// <summary>Characters that may not directly follow a keyword that ends in a letter.</summary>
    public Func<char, bool> IsKeywordChar { get; init; } = IrText.IsNameChar;

    /// <summary>When false a raw line break inside a string literal makes it unterminated.</summary>
    public bool StringsSpanLines { get; init; } = true;

    /// <summary>How the four digits of a <c>\uXXXX</c> escape are parsed.</summary>
    public NumberStyles UnicodeEscapeStyles { get; init; } = NumberStyles.AllowHexSpecifier;

    /// <summary>The length of the span of an unknown-escape error, which starts at the backslash.</summary>
    public int UnknownEscapeLength { get; init; } = 1;
}

/// <summary>A syntax error of IR text: the first one, where a parser stops.</summary>
public sealed class IrSyntaxException(int code, int offset, int length, string message, string? hint) : Exception(message)
{
    /// <summary>The diagnostic code.</summary>
    public int Code { get; } = code;

    /// <summary>The offset of the error in the text.</summary>
    public int Offset { get; } = offset;

    /// <summary>The length of the span the error covers.</summary>
    public int Length { get; } = length;

    /// <summary>A hint for the diagnostic, if any.</summary>
    public string? Hint { get; } = hint;
}

/// <summary>The lexing both IR text parsers share: a position in a <see cref="SourceText"/>, whitespace and <c>//</c>
/// comments, punctuation, keywords, names, string literals with escapes, and syntax errors as diagnostics.</summary>
/// <remarks>The grammar stays in the parsers; <see cref="IrLexerOptions"/> holds where the two text forms differ.</remarks>
public sealed class IrLexer
{
    private readonly string _text;
    private readonly IrLexerOptions _options;

    public IrLexer(SourceText source, IrLexerOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        Source = source;
        _text = source.Text;
        _options = options;
    }

    /// <summary>The text being lexed.</summary>
    public SourceText Source { get; }

    /// <summary>The offset of the next character.</summary>
    public int Position { get; set; }

    /// <summary>True when the whole text has been read.</summary>
    public bool AtEnd => Position >= _text.Length;

    /// <summary>The next character, or <c>'\0'</c> at the end.</summary>
    public char Peek() => Position < _text.Length ? _text[Position] : '\0';

    /// <summary>Skips whitespace and <c>//</c> comments.</summary>
    public void SkipTrivia()
    {
        while (Position < _text.Length)
        {
            var c = _text[Position];
            if (char.IsWhiteSpace(c))
            {
                Position++;
            }
            else if (c == '/' && Position + 1 < _text.Length && _text[Position + 1] == '/')
            {
                while (Position < _text.Length && _text[Position] != '\n')
                {
                    Position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Skips spaces and tabs only, staying on the line.</summary>
    public void SkipSpaces()
    {
        while (Position < _text.Length && _text[Position] is ' ' or '\t')
        {
            Position++;
        }
    }

    /// <summary>Skips trivia and reads <paramref name="c"/> if it comes next.</summary>
    public bool TryChar(char c)
    {
        var saved = Position;
        SkipTrivia();
        if (Peek() == c)
        {
            Position++;
            return true;
        }

        Miss(saved);
        return false;
    }

    /// <summary>Skips trivia and reads <paramref name="s"/> if it comes next.</summary>
    public bool TryString(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var saved = Position;
        SkipTrivia();
        if (!_text.AsSpan(Position).StartsWith(s, StringComparison.Ordinal))
        {
            Miss(saved);
            return false;
        }

        Position += s.Length;
        return true;
    }

    /// <summary>Skips trivia and reads <paramref name="word"/> if it comes next and, when it ends in a letter, is not
    /// followed by a keyword character.</summary>
    public bool TryKeyword(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var saved = Position;
        SkipTrivia();
        var end = Position + word.Length;
        if (!_text.AsSpan(Position).StartsWith(word, StringComparison.Ordinal)
            || (char.IsAsciiLetter(word[^1]) && end < _text.Length && _options.IsKeywordChar(_text[end])))
        {
            Miss(saved);
            return false;
        }

        Position = end;
        return true;
    }

    /// <summary>Reads <paramref name="c"/> after trivia, or throws "expected 'c'".</summary>
    public void Expect(char c)
    {
        if (!TryChar(c))
        {
            throw Error($"expected '{c}'");
        }
    }

    /// <summary>Reads <paramref name="s"/> after trivia, or throws "expected 's'".</summary>
    public void Expect(string s)
    {
        SkipTrivia();
        if (!TryString(s))
        {
            throw Error($"expected '{s}'");
        }
    }

    /// <summary>Reads the keyword <paramref name="word"/> after trivia, or throws "expected 'word'".</summary>
    public void Keyword(string word)
    {
        if (!TryKeyword(word))
        {
            throw Error($"expected '{word}'");
        }
    }

    /// <summary>Reads the characters matching <paramref name="predicate"/> from here; empty when none do.</summary>
    public string ScanWhile(Func<char, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var start = Position;
        while (Position < _text.Length && predicate(_text[Position]))
        {
            Position++;
        }

        return _text[start..Position];
    }

    /// <summary>Reads a name here: a string literal, or name characters (<see cref="IrText.IsNameChar"/>).</summary>
    public string ScanName()
    {
        if (Peek() == '"')
        {
            return ScanString();
        }

        var name = ScanWhile(IrText.IsNameChar);
        return name.Length > 0 ? name : throw Error("expected a name");
    }

    /// <summary>Reads a string literal (after trivia) and returns its value with the escapes of
    /// <see cref="IrText.Quote"/> resolved.</summary>
    public string ScanString()
    {
        var start = Position;
        Expect('"');
        var sb = new StringBuilder();
        while (true)
        {
            if (Position >= _text.Length || (!_options.StringsSpanLines && _text[Position] == '\n'))
            {
                throw Error("unterminated string", start);
            }

            var c = _text[Position++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (Position >= _text.Length)
            {
                throw Error("unterminated string", start);
            }

            var e = _text[Position++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'u' when Position + 4 <= _text.Length
                    && int.TryParse(_text.AsSpan(Position, 4), _options.UnicodeEscapeStyles, CultureInfo.InvariantCulture, out var u):
                    sb.Append((char)u);
                    Position += 4;
                    break;
                case '"' or '\\': sb.Append(e); break;
                default: throw Error($"unknown escape '\\{e}'", Position - 2, _options.UnknownEscapeLength);
            }
        }
    }

    /// <summary>A syntax error at <paramref name="at"/> (clamped to the text), or, without one, here (see
    /// <see cref="IrLexerOptions.ErrorsCoverNextToken"/>); <paramref name="code"/> defaults to
    /// <see cref="IrLexerOptions.SyntaxCode"/>.</summary>
    public IrSyntaxException Error(string message, int? at = null, int length = 1, int? code = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var offset = at ?? Position;
        if (at is null && _options.ErrorsCoverNextToken)
        {
            // Point at the offending token, not at the whitespace before it.
            SkipTrivia();
            offset = Position;
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

        return new IrSyntaxException(code ?? _options.SyntaxCode, Math.Clamp(offset, 0, _text.Length), length, message, hint);
    }

    /// <summary>Reports a syntax error as a diagnostic at its line and column in <see cref="Source"/>.</summary>
    public Diagnostic Report(IrSyntaxException error, DiagnosticBag bag)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(bag);
        return bag.Error(error.Code, new SourceLocation(Source, new TextSpan(error.Offset, Math.Max(1, error.Length))), error.Message, error.Hint);
    }

    private void Miss(int saved)
    {
        if (_options.Backtrack)
        {
            Position = saved;
        }
    }
}
