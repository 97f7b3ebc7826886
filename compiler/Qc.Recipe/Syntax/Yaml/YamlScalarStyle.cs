namespace Qc.Recipe.Syntax.Yaml;

/// <summary>How a YAML scalar was written.</summary>
public enum YamlScalarStyle
{
    /// <summary>Without quotes.</summary>
    Plain,

    /// <summary>In single quotes.</summary>
    SingleQuoted,

    /// <summary>In double quotes.</summary>
    DoubleQuoted,

    /// <summary>A <c>|</c> or <c>&gt;</c> block scalar.</summary>
    Block,
}
