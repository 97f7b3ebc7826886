namespace Qc.Package;

/// <summary>Why a package cannot be read or written; the number is the stable diagnostic code (<c>QC70nn</c>, specs/package.md).</summary>
public enum PackageErrorCode
{
    /// <summary>The file cannot be opened, read or written (missing, no permission, I/O error).</summary>
    Io = 7001,

    /// <summary>The file ends before the header, the section table or the declared file length.</summary>
    Truncated = 7002,

    /// <summary>The first 8 bytes are not the package magic.</summary>
    BadMagic = 7003,

    /// <summary>The format version is not one this reader understands.</summary>
    UnsupportedVersion = 7004,

    /// <summary>The sha256 over the header and section table does not match the stored checksum.</summary>
    HeaderChecksumMismatch = 7005,

    /// <summary>The section table is malformed: a bad or duplicate name, a bad alignment, a non-zero reserved field.</summary>
    BadSectionTable = 7006,

    /// <summary>A section starts inside the header or ends past the end of the file.</summary>
    SectionOutOfBounds = 7007,

    /// <summary>Two sections overlap.</summary>
    SectionOverlap = 7008,

    /// <summary>A section's offset is not a multiple of its alignment, or weights are not 4096-aligned.</summary>
    SectionMisaligned = 7009,

    /// <summary>A section's sha256 does not match its bytes.</summary>
    SectionHashMismatch = 7010,

    /// <summary>A byte between sections (padding) is not zero.</summary>
    NonZeroPadding = 7011,

    /// <summary>The file is longer than the length its header declares.</summary>
    TrailingData = 7012,

    /// <summary>A required section (<c>manifest.json</c>, a target's code, <c>weights.bin</c> when weights exist) is absent.</summary>
    MissingSection = 7013,

    /// <summary><c>manifest.json</c> is not valid JSON for the manifest schema or breaks one of its rules.</summary>
    ManifestInvalid = 7014,

    /// <summary><c>provenance.json</c> is not valid JSON for the provenance schema.</summary>
    ProvenanceInvalid = 7015,

    /// <summary>The writer was given sections it cannot write (bad or duplicate names, a missing manifest).</summary>
    InvalidWrite = 7016,
}
