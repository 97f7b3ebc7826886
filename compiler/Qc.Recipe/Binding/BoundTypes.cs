namespace Qc.Recipe.Binding;

/// <summary>Names of bound types for messages.</summary>
public static class BoundTypes
{
    /// <summary>The type in words ("a number").</summary>
    public static string Describe(BoundType type) => type switch
    {
        BoundType.Bool => "a condition",
        BoundType.Number => "a number",
        BoundType.String => "a string",
        BoundType.StringList => "a list of strings",
        BoundType.NumberList => "a list of numbers",
        BoundType.EmptyList => "an empty list",
        _ => "an invalid expression",
    };

    /// <summary>True for list types.</summary>
    public static bool IsList(BoundType type) => type is BoundType.StringList or BoundType.NumberList or BoundType.EmptyList;
}
