namespace Qc.Package;

/// <summary>One entry of a package's section table.</summary>
/// <param name="Name">The section name (<c>manifest.json</c>, <c>code/x86_64-linux-gnu/znver4.so</c>).</param>
/// <param name="Offset">The byte offset of the section in the file, a multiple of <paramref name="Alignment"/>.</param>
/// <param name="Length">The section's length in bytes.</param>
/// <param name="Alignment">The alignment of <paramref name="Offset"/> (4096 for <c>weights.bin</c>, 64 otherwise).</param>
/// <param name="Sha256">The sha256 of the section's bytes, lowercase hex.</param>
public sealed record PackageSection(string Name, long Offset, long Length, int Alignment, string Sha256);
