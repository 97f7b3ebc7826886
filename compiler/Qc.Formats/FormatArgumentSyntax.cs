namespace Qc.Formats;

/// <summary>One argument as written: <c>name=value</c>, or a bare <c>name</c> (a flag) when <paramref name="Value"/> is null.</summary>
public sealed record FormatArgumentSyntax(string Name, string? Value);
