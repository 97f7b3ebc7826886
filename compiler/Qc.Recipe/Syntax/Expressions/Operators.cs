namespace Qc.Recipe.Syntax.Expressions;

/// <summary>Spelling and precedence of operators.</summary>
public static class Operators
{
    /// <summary>The operator as written.</summary>
    public static string Text(BinaryOperator op) => op switch
    {
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterEqual => ">=",
        BinaryOperator.Match => "~",
        BinaryOperator.NotMatch => "!~",
        BinaryOperator.In => "in",
        BinaryOperator.NotIn => "not in",
        BinaryOperator.And => "and",
        BinaryOperator.Or => "or",
        BinaryOperator.Pipe => "|>",
        _ => throw new System.Diagnostics.UnreachableException(op.ToString()),
    };

    /// <summary>The operator as written.</summary>
    public static string Text(UnaryOperator op) => op == UnaryOperator.Negate ? "-" : "not";

    /// <summary>Binding strength: higher binds tighter (unary minus 8, <c>|&gt;</c> 1).</summary>
    public static int Precedence(BinaryOperator op) => op switch
    {
        BinaryOperator.Multiply or BinaryOperator.Divide => 7,
        BinaryOperator.Add or BinaryOperator.Subtract => 6,
        BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessEqual
            or BinaryOperator.Greater or BinaryOperator.GreaterEqual or BinaryOperator.Match or BinaryOperator.NotMatch => 5,
        BinaryOperator.In or BinaryOperator.NotIn => 4,
        BinaryOperator.And => 2,
        BinaryOperator.Or => 1,
        BinaryOperator.Pipe => 0,
        _ => throw new System.Diagnostics.UnreachableException(op.ToString()),
    };

    /// <summary>Precedence of <c>not</c> (between <c>in</c> and <c>and</c>).</summary>
    public const int NotPrecedence = 3;

    /// <summary>Precedence of unary minus.</summary>
    public const int NegatePrecedence = 8;

    /// <summary>True for the comparison operators (including <c>~</c>, <c>!~</c>, <c>in</c>).</summary>
    public static bool IsComparison(BinaryOperator op) => Precedence(op) is 4 or 5;
}
