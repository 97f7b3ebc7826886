namespace Qc.Recipe.Syntax.Expressions;

/// <summary>Infix operators, from the tightest binding to the loosest (see specs/expressions.md).</summary>
public enum BinaryOperator
{
    /// <summary><c>*</c>.</summary>
    Multiply,

    /// <summary><c>/</c>.</summary>
    Divide,

    /// <summary><c>+</c>: addition, or additive codec composition.</summary>
    Add,

    /// <summary><c>-</c>.</summary>
    Subtract,

    /// <summary><c>==</c>.</summary>
    Equal,

    /// <summary><c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterEqual,

    /// <summary><c>~</c>: a regular-expression search.</summary>
    Match,

    /// <summary><c>!~</c>: no regular-expression match.</summary>
    NotMatch,

    /// <summary><c>in</c>: list membership.</summary>
    In,

    /// <summary><c>not in</c>.</summary>
    NotIn,

    /// <summary><c>and</c>.</summary>
    And,

    /// <summary><c>or</c>.</summary>
    Or,

    /// <summary><c>|&gt;</c>: a codec chain (stages applied in order).</summary>
    Pipe,
}
