using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Antlr4.Runtime;
using Qc.Core.Text;
using Qc.Recipe.Diagnostics;
using Qc.Recipe.Syntax.Generated;
using Qc.Recipe.Text;

namespace Qc.Recipe.Syntax.Expressions;

/// <summary>Parses recipe expressions with the ANTLR parser generated from grammar/QcExpr.g4 and converts the parse
/// tree into <see cref="ExpressionSyntax"/> nodes. Reports at most one syntax error per expression.</summary>
/// <remarks>Token count and nesting are limited before parsing, so hostile input cannot exhaust the stack of the
/// recursive-descent parser or of the passes that walk the tree.</remarks>
internal static class ExpressionParser
{
    /// <summary>The most tokens one expression may have.</summary>
    public const int MaxTokens = 512;

    /// <summary>The deepest nesting of brackets and prefix operators.</summary>
    public const int MaxDepth = 48;

    /// <summary>Parses an expression; null when it has a syntax error (reported).</summary>
    /// <param name="text">The expression text with its offset map.</param>
    /// <param name="diagnostics">Where errors go.</param>
    /// <param name="what">What the expression is, for the empty-expression message ("the selector").</param>
    public static ParsedExpression? Parse(ScalarText text, RecipeDiagnostics diagnostics, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text.Value))
        {
            diagnostics.ReportEmptyExpression(text.Location, what);
            return null;
        }

        var lexer = new QcExprLexer(new AntlrInputStream(text.Value));
        lexer.RemoveErrorListeners();
        var tokens = new CommonTokenStream(lexer);
        tokens.Fill();
        if (!CheckTokens(tokens.GetTokens(), text, diagnostics))
        {
            return null;
        }

        var parser = new QcExprParser(tokens);
        parser.RemoveErrorListeners();
        var listener = new FirstErrorListener();
        parser.AddErrorListener(listener);
        var tree = parser.expression();
        if (listener.Error is { } error)
        {
            ReportSyntaxError(error, text, diagnostics);
            return null;
        }

        var converter = new Converter(text, diagnostics);
        var root = converter.Expr(tree.expr());
        return converter.Failed ? null : new ParsedExpression(root, text);
    }

    private static bool CheckTokens(IList<IToken> tokens, ScalarText text, RecipeDiagnostics diagnostics)
    {
        if (tokens.Count > MaxTokens)
        {
            diagnostics.ReportExpressionTooLong(text.Location, tokens.Count - 1, MaxTokens);
            return false;
        }

        var depth = 0;
        var prefixRun = 0;
        var previous = -1;
        foreach (var t in tokens)
        {
            var span = new TextSpan(t.StartIndex, Math.Max(0, t.StopIndex - t.StartIndex + 1));
            switch (t.Type)
            {
                case QcExprLexer.ERROR_CHAR:
                    diagnostics.ReportUnexpectedCharacter(text.LocationOf(span), t.Text, CharacterHint(t.Text, previous));
                    return false;
                case QcExprLexer.UNTERMINATED_STRING:
                    diagnostics.ReportUnterminatedString(text.LocationOf(span));
                    return false;
                case QcExprLexer.LPAREN or QcExprLexer.LBRACK:
                    depth++;
                    break;
                case QcExprLexer.RPAREN or QcExprLexer.RBRACK:
                    depth = Math.Max(0, depth - 1);
                    break;
            }

            var isPrefix = t.Type == QcExprLexer.NOT
                || t.Type == QcExprLexer.MINUS && previous is -1 or QcExprLexer.LPAREN or QcExprLexer.LBRACK or QcExprLexer.COMMA
                    or QcExprLexer.ASSIGN or QcExprLexer.MINUS or QcExprLexer.PLUS or QcExprLexer.STAR or QcExprLexer.SLASH
                    or QcExprLexer.NOT or QcExprLexer.AND or QcExprLexer.OR or QcExprLexer.EQ or QcExprLexer.NE or QcExprLexer.LT
                    or QcExprLexer.LE or QcExprLexer.GT or QcExprLexer.GE or QcExprLexer.IN or QcExprLexer.PIPE;
            prefixRun = isPrefix ? prefixRun + 1 : 0;
            if (depth + prefixRun > MaxDepth)
            {
                diagnostics.ReportExpressionTooDeep(text.LocationOf(span), MaxDepth);
                return false;
            }

            previous = t.Type;
        }

        return true;
    }

    private static string? CharacterHint(string c, int previous) => c switch
    {
        "&" => "write 'and' instead of '&' or '&&'",
        "|" => "write 'or' instead of '|' or '||'; '|>' chains codecs",
        "!" => "write 'not' for negation, '!=' for inequality, '!~' for no regex match",
        "%" => previous == QcExprLexer.NUMBER ? null : "'%' is a unit and must follow a number directly, as in 1%",
        "$" => "write ${NAME} for a variable; an unknown or malformed reference stays as written",
        "#" => "in YAML, ' #' starts a comment; quote the whole value if '#' is part of it",
        ";" => "rules are separate list items in YAML, not separated by ';'",
        _ => null,
    };

    private static void ReportSyntaxError(SyntaxError error, ScalarText text, RecipeDiagnostics diagnostics)
    {
        var token = error.Token;
        var expected = DescribeExpected(error.Expected, token?.Type ?? -1);
        if (token is null || token.Type == TokenConstants.EOF)
        {
            var end = text.Value.TrimEnd().Length;
            diagnostics.ReportUnexpectedEnd(text.LocationOf(new TextSpan(Math.Max(0, end - 1), 1)), expected);
            return;
        }

        var span = new TextSpan(token.StartIndex, Math.Max(1, token.StopIndex - token.StartIndex + 1));
        diagnostics.ReportUnexpectedToken(text.LocationOf(span), token.Text, expected);
    }

    private static string? DescribeExpected(IReadOnlyList<int> expected, int offending)
    {
        var set = expected.ToHashSet();
        if (offending == QcExprLexer.ASSIGN)
        {
            return "write '==' to compare; '=' only names a function argument, as in int4(group=32)";
        }

        if (set.Contains(QcExprLexer.IDENT) && set.Contains(QcExprLexer.NUMBER) && set.Contains(QcExprLexer.LPAREN))
        {
            return "expected a value here: a name, number, string, call, list or '('";
        }

        if (set.Contains(QcExprLexer.AND) && set.Contains(QcExprLexer.OR) || set.Contains(TokenConstants.EOF) && offending != TokenConstants.EOF)
        {
            var closers = new List<string>();
            foreach (var t in new[] { QcExprLexer.RPAREN, QcExprLexer.RBRACK, QcExprLexer.COMMA })
            {
                if (set.Contains(t))
                {
                    closers.Add(Name(t));
                }
            }

            var end = closers.Count > 0 ? string.Join(", ", closers) : "the end of the expression";
            return $"expected an operator (and, or, ==, <, ~, in, +, *, |>) or {end}; two values need an operator between them";
        }

        if (set.Count == 0)
        {
            return null;
        }

        var names = set.Order().Select(Name).Distinct().ToList();
        if (names.Count == 0)
        {
            return null;
        }

        return "expected " + (names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1]);
    }

    private static string Name(int tokenType) => tokenType switch
    {
        QcExprLexer.IDENT => "a name",
        QcExprLexer.NUMBER => "a number",
        QcExprLexer.STRING => "a string",
        TokenConstants.EOF => "the end of the expression",
        _ => QcExprLexer.DefaultVocabulary.GetLiteralName(tokenType) ?? QcExprLexer.DefaultVocabulary.GetDisplayName(tokenType),
    };

    private sealed record SyntaxError(IToken? Token, IReadOnlyList<int> Expected);

    /// <summary>Keeps the first syntax error with the tokens the parser expected there.</summary>
    private sealed class FirstErrorListener : BaseErrorListener
    {
        public SyntaxError? Error { get; private set; }

        public override void SyntaxError(TextWriter output, IRecognizer recognizer, IToken offendingSymbol, int line, int charPositionInLine,
            string msg, RecognitionException e)
        {
            if (Error is not null)
            {
                return;
            }

            var expected = e?.GetExpectedTokens() ?? (recognizer as Parser)?.GetExpectedTokens();
            Error = new SyntaxError(offendingSymbol, expected is null ? [] : [.. expected.ToList()]);
        }
    }

    /// <summary>Converts ANTLR contexts into syntax nodes.</summary>
    private sealed class Converter(ScalarText text, RecipeDiagnostics diagnostics)
    {
        public bool Failed { get; private set; }

        public ExpressionSyntax Expr(QcExprParser.ExprContext context) => context switch
        {
            QcExprParser.PrimaryExprContext p => Primary(p.primary()),
            QcExprParser.MemberExprContext m => new MemberExpressionSyntax(SpanOf(m), Expr(m.expr()), m.IDENT().GetText(), SpanOf(m.IDENT().Symbol)),
            QcExprParser.IndexExprContext i => new IndexExpressionSyntax(SpanOf(i), Expr(i.expr(0)), Expr(i.expr(1))),
            QcExprParser.NegateExprContext n => new UnaryExpressionSyntax(SpanOf(n), UnaryOperator.Negate, SpanOf(n.MINUS().Symbol), Expr(n.expr())),
            QcExprParser.NotExprContext n => new UnaryExpressionSyntax(SpanOf(n), UnaryOperator.Not, SpanOf(n.NOT().Symbol), Expr(n.expr())),
            QcExprParser.MultiplicativeExprContext b => Binary(b, b.op, b.op.Type == QcExprLexer.STAR ? BinaryOperator.Multiply : BinaryOperator.Divide, b.expr(0), b.expr(1)),
            QcExprParser.AdditiveExprContext b => Binary(b, b.op, b.op.Type == QcExprLexer.PLUS ? BinaryOperator.Add : BinaryOperator.Subtract, b.expr(0), b.expr(1)),
            QcExprParser.ComparisonExprContext b => Binary(b, b.op, Comparison(b.op.Type), b.expr(0), b.expr(1)),
            QcExprParser.InExprContext b => b.NOT() is { } not
                ? new BinaryExpressionSyntax(SpanOf(b), BinaryOperator.NotIn, TextSpan.FromBounds(not.Symbol.StartIndex, b.IN().Symbol.StopIndex + 1), Expr(b.expr(0)), Expr(b.expr(1)))
                : Binary(b, b.IN().Symbol, BinaryOperator.In, b.expr(0), b.expr(1)),
            QcExprParser.AndExprContext b => Binary(b, b.AND().Symbol, BinaryOperator.And, b.expr(0), b.expr(1)),
            QcExprParser.OrExprContext b => Binary(b, b.OR().Symbol, BinaryOperator.Or, b.expr(0), b.expr(1)),
            QcExprParser.PipeExprContext b => Binary(b, b.PIPE().Symbol, BinaryOperator.Pipe, b.expr(0), b.expr(1)),
            _ => throw new System.Diagnostics.UnreachableException(context.GetType().Name),
        };

        private BinaryExpressionSyntax Binary(ParserRuleContext context, IToken op, BinaryOperator kind, QcExprParser.ExprContext left, QcExprParser.ExprContext right) =>
            new(SpanOf(context), kind, SpanOf(op), Expr(left), Expr(right));

        private static BinaryOperator Comparison(int type) => type switch
        {
            QcExprLexer.EQ => BinaryOperator.Equal,
            QcExprLexer.NE => BinaryOperator.NotEqual,
            QcExprLexer.LT => BinaryOperator.Less,
            QcExprLexer.LE => BinaryOperator.LessEqual,
            QcExprLexer.GT => BinaryOperator.Greater,
            QcExprLexer.GE => BinaryOperator.GreaterEqual,
            QcExprLexer.MATCH => BinaryOperator.Match,
            QcExprLexer.NOMATCH => BinaryOperator.NotMatch,
            _ => throw new System.Diagnostics.UnreachableException(type.ToString(CultureInfo.InvariantCulture)),
        };

        private ExpressionSyntax Primary(QcExprParser.PrimaryContext context)
        {
            switch (context)
            {
                case QcExprParser.CallPrimaryContext c:
                    {
                        var args = c.argument().Select(a => new ArgumentSyntax(SpanOf(a), a.IDENT()?.GetText(),
                            a.IDENT() is { } id ? SpanOf(id.Symbol) : default, Expr(a.expr()))).ToImmutableArray();
                        return new CallExpressionSyntax(SpanOf(c), c.IDENT().GetText(), SpanOf(c.IDENT().Symbol), args);
                    }

                case QcExprParser.PatternPrimaryContext p:
                    return new PatternExpressionSyntax(SpanOf(p), Number(p.NUMBER(0).Symbol), Number(p.NUMBER(1).Symbol));
                case QcExprParser.NumberPrimaryContext n:
                    return Number(n.NUMBER().Symbol);
                case QcExprParser.StringPrimaryContext s:
                    return new StringExpressionSyntax(SpanOf(s), Unquote(s.STRING().GetText()));
                case QcExprParser.BoolPrimaryContext b:
                    return new BooleanExpressionSyntax(SpanOf(b), b.TRUE() is not null);
                case QcExprParser.NamePrimaryContext n:
                    return new NameExpressionSyntax(SpanOf(n), n.IDENT().GetText());
                case QcExprParser.ListPrimaryContext l:
                    return new ListExpressionSyntax(SpanOf(l), [.. l.expr().Select(Expr)]);
                case QcExprParser.ParenPrimaryContext p:
                    return new ParenthesizedExpressionSyntax(SpanOf(p), Expr(p.expr()));
                default:
                    throw new System.Diagnostics.UnreachableException(context.GetType().Name);
            }
        }

        private NumberExpressionSyntax Number(IToken token)
        {
            var s = token.Text;
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'
                || (s[i] is 'e' or 'E' && i + 1 < s.Length && (char.IsAsciiDigit(s[i + 1]) || (s[i + 1] is '+' or '-' && i + 2 < s.Length && char.IsAsciiDigit(s[i + 2]))))
                || (s[i] is '+' or '-' && i > 0 && s[i - 1] is 'e' or 'E')))
            {
                i++;
            }

            var digits = s[..i];
            var unit = s[i..];
            var value = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
            var span = SpanOf(token);
            if (!double.IsFinite(value))
            {
                diagnostics.ReportNumberOutOfRange(text.LocationOf(span), s);
                Failed = true;
                value = 0;
            }

            var isInteger = !digits.Contains('.', StringComparison.Ordinal) && !digits.Contains('e', StringComparison.OrdinalIgnoreCase);
            return new NumberExpressionSyntax(span, s, value, unit, isInteger);
        }

        /// <summary>Decodes <c>\\ \" \' \n \t \r</c>; any other backslash is kept with the character after it, so regexes
        /// such as <c>"\d+"</c> need no doubling.</summary>
        private static string Unquote(string quoted)
        {
            var sb = new StringBuilder(quoted.Length);
            for (var i = 1; i < quoted.Length - 1; i++)
            {
                var c = quoted[i];
                if (c != '\\' || i + 1 >= quoted.Length - 1)
                {
                    sb.Append(c);
                    continue;
                }

                var next = quoted[++i];
                switch (next)
                {
                    case '\\' or '"' or '\'':
                        sb.Append(next);
                        break;
                    case 'n':
                        sb.Append('\n');
                        break;
                    case 't':
                        sb.Append('\t');
                        break;
                    case 'r':
                        sb.Append('\r');
                        break;
                    default:
                        sb.Append('\\').Append(next);
                        break;
                }
            }

            return sb.ToString();
        }

        private static TextSpan SpanOf(ParserRuleContext context) =>
            TextSpan.FromBounds(context.Start.StartIndex, Math.Max(context.Start.StartIndex, (context.Stop ?? context.Start).StopIndex + 1));

        private static TextSpan SpanOf(IToken token) => TextSpan.FromBounds(token.StartIndex, Math.Max(token.StartIndex, token.StopIndex + 1));
    }
}
