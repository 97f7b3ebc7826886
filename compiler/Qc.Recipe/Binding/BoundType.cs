namespace Qc.Recipe.Binding;

/// <summary>The type of a bound expression.</summary>
public enum BoundType
{
    /// <summary>An expression that failed to bind (already reported; never reported again).</summary>
    Error,

    /// <summary>true or false.</summary>
    Bool,

    /// <summary>A number.</summary>
    Number,

    /// <summary>A string (names, op types).</summary>
    String,

    /// <summary>A list of strings.</summary>
    StringList,

    /// <summary>A list of numbers.</summary>
    NumberList,

    /// <summary>An empty list.</summary>
    EmptyList,
}
