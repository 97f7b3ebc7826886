using Qc.Recipe.Syntax.Expressions;

namespace Qc.Recipe.Binding;

/// <summary>A failed bind (already reported).</summary>
public sealed class BoundErrorExpression(ExpressionSyntax syntax) : BoundExpression(syntax, BoundType.Error);
