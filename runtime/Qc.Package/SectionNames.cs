namespace Qc.Package;

/// <summary>The well-known section names of a package.</summary>
public static class SectionNames
{
    /// <summary>The manifest (required): <see cref="PackageManifest"/> as JSON.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>The weights, 4096-aligned so they can be mapped and used in place.</summary>
    public const string Weights = "weights.bin";

    /// <summary>The recipe the package was compiled from (YAML text).</summary>
    public const string Recipe = "recipe.yaml";

    /// <summary>The compression plan (JSON).</summary>
    public const string Plan = "plan.json";

    /// <summary>What the package was built from: <see cref="PackageProvenance"/> as JSON.</summary>
    public const string Provenance = "provenance.json";

    /// <summary>The prefix of code sections: <c>code/&lt;triple&gt;/&lt;cpu&gt;.so</c> or <c>.ptx</c>.</summary>
    public const string CodePrefix = "code/";

    /// <summary>The longest section name in bytes.</summary>
    public const int MaxNameLength = 191;

    /// <summary>The conventional code section name for a target name (<c>x86_64-linux-gnu:znver4</c> →
    /// <c>code/x86_64-linux-gnu/znver4.so</c>, <c>nvptx64-nvidia-cuda:sm_80</c> → <c>code/nvptx64-nvidia-cuda/sm_80.ptx</c>).
    /// Only the first <c>:</c> separates triple and CPU; the rest, features included, is kept as written.</summary>
    public static string CodeSection(string targetName, TargetKind kind)
    {
        ArgumentNullException.ThrowIfNull(targetName);
        var colon = targetName.IndexOf(':', StringComparison.Ordinal);
        var triple = colon < 0 ? targetName : targetName[..colon];
        var cpu = colon < 0 ? "generic" : targetName[(colon + 1)..];
        return $"{CodePrefix}{triple}/{cpu}{(kind == TargetKind.Cuda ? ".ptx" : ".so")}";
    }

    /// <summary>True for a valid section name: 1 to 191 bytes of <c>A-Z a-z 0-9 . _ - + , : /</c>, not starting or ending
    /// with <c>/</c>, no empty or dot-only path segment.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-' or '+' or ',' or ':' or '/'))
            {
                return false;
            }
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return false;
            }
        }

        return true;
    }
}
