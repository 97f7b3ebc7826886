namespace Qc.Recipe.Syntax.Yaml;

/// <summary>One <c>key: value</c> entry of a mapping.</summary>
public sealed record YamlEntrySyntax(YamlScalarSyntax Key, YamlNodeSyntax Value)
{
    /// <summary>The key's text.</summary>
    public string Name => Key.Value;
}
