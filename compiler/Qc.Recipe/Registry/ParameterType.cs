namespace Qc.Recipe.Registry;

/// <summary>The type of a function parameter.</summary>
public enum ParameterType
{
    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>Any finite number.</summary>
    Number,

    /// <summary>One of a fixed set of names; each name may also be written alone as a flag (<c>int8(symmetric)</c>).</summary>
    Choice,
}
