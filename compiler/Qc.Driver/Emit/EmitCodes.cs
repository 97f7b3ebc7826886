namespace Qc.Driver.Emit;

/// <summary>Diagnostic codes of the package emit of <c>qc compile</c> (QC45xx, specs/diagnostics.md). Lowering (QC51xx),
/// target names (QC60xx) and code generation (QC61xx) keep their own codes.</summary>
public static class EmitCodes
{
    /// <summary>A target is named twice (by <c>--target</c>), so two code sections would collide.</summary>
    public const int DuplicateTarget = 4501;

    /// <summary>A model input or output has an element type packages cannot hold (u16, u32, u64).</summary>
    public const int UnsupportedInterfaceType = 4502;

    /// <summary>The package file cannot be written.</summary>
    public const int CannotWritePackage = 4503;

    /// <summary>A model input has a symbolic or unknown dimension and the recipe does not pin it (<c>inputs:</c>).</summary>
    public const int InputNotPinned = 4504;
}
