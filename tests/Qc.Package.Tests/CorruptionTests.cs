using System.Buffers.Binary;
using Shouldly;

namespace Qc.Package.Tests;

/// <summary>Every way a package can be damaged gives its specific <see cref="PackageException"/>, never another exception.</summary>
public sealed class CorruptionTests
{
    private static PackageException Fail(byte[] bytes)
    {
        try
        {
            using var p = QcPackage.FromBytes(bytes);
        }
        catch (PackageException e)
        {
            return e;
        }

        throw new Xunit.Sdk.XunitException("the damaged package was accepted");
    }

    [Fact]
    public void TruncatedAtEveryOffset_IsTruncated()
    {
        var bytes = Samples.Bytes();
        for (var n = 0; n < bytes.Length; n++)
        {
            Samples.Check(bytes[..n]).ShouldBe(PackageErrorCode.Truncated, $"truncated to {n} bytes");
        }
    }

    [Fact]
    public void FlippedHeaderBytes_AreCaught_WithTheFieldsError()
    {
        var bytes = Samples.Bytes();
        var headerLength = (int)PackageLayout.HeaderLength(7);
        for (var i = 0; i < headerLength; i++)
        {
            var b = (byte[])bytes.Clone();
            b[i] ^= 0x01;
            var expected = i switch
            {
                < 8 => PackageErrorCode.BadMagic,
                < 12 => PackageErrorCode.UnsupportedVersion,
                < 16 => PackageErrorCode.BadSectionTable,       // count no longer matches the header length
                >= 24 and < 32 => PackageErrorCode.BadSectionTable, // header length no longer matches the count
                _ => PackageErrorCode.HeaderChecksumMismatch,
            };
            Fail(b).Code.ShouldBe(expected, $"byte {i}");
        }
    }

    [Fact]
    public void FlippedSectionBytes_AreAHashMismatch_NamingTheSection()
    {
        var bytes = Samples.Bytes();
        using var p = QcPackage.FromBytes(bytes);
        foreach (var s in p.Sections)
        {
            for (var i = s.Offset; i < s.Offset + s.Length; i++)
            {
                var b = (byte[])bytes.Clone();
                b[i] ^= 0x80;
                var e = Fail(b);
                e.Code.ShouldBe(PackageErrorCode.SectionHashMismatch, $"byte {i} of {s.Name}");
                e.Section.ShouldBe(s.Name);
                e.Message.ShouldBe($"QC7010: hash mismatch for section '{s.Name}': the package is corrupt");
            }
        }
    }

    [Fact]
    public void FlippedPaddingBytes_AreNonZeroPadding()
    {
        var bytes = Samples.Bytes();
        using var p = QcPackage.FromBytes(bytes);
        var covered = new bool[bytes.Length];
        Array.Fill(covered, true, 0, (int)PackageLayout.HeaderLength(7));
        foreach (var s in p.Sections)
        {
            Array.Fill(covered, true, (int)s.Offset, (int)s.Length);
        }

        var gaps = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!covered[i])
            {
                var b = (byte[])bytes.Clone();
                b[i] = 0xFF;
                Fail(b).Code.ShouldBe(PackageErrorCode.NonZeroPadding, $"byte {i}");
                gaps++;
            }
        }

        gaps.ShouldBeGreaterThan(1000); // weights.bin sits on a 4096 boundary
    }

    [Fact]
    public void AppendedBytes_AreTrailingData()
    {
        Fail([.. Samples.Bytes(), 0]).Code.ShouldBe(PackageErrorCode.TrailingData);
    }

    [Fact]
    public void OtherVersions_AreUnsupported()
    {
        foreach (var v in new uint[] { 0, 2, 0xFFFFFFFF })
        {
            var b = Samples.Bytes();
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), v);
            var e = Fail(b);
            e.Code.ShouldBe(PackageErrorCode.UnsupportedVersion);
            e.Message.ShouldContain($"version {v}");
        }
    }

    [Fact]
    public void OverlappingSections_AreAnOverlap()
    {
        var b = Samples.Bytes();
        var (offset0, _) = RawPackage.Entry(b, 0);
        RawPackage.SetEntry(b, 1, offset: offset0); // two sections at the same place
        Fail(b).Code.ShouldBe(PackageErrorCode.SectionOverlap);

        var c = Samples.Bytes();
        var (_, l0) = RawPackage.Entry(c, 0);
        RawPackage.SetEntry(c, 0, length: l0 + 64); // runs into the next section
        var e = Fail(c);
        e.Code.ShouldBe(PackageErrorCode.SectionOverlap);
        e.Message.ShouldContain("overlap");
    }

    [Fact]
    public void SectionsOutsideTheFile_AreOutOfBounds()
    {
        foreach (var (offset, length) in new (long?, long?)[] { (null, long.MaxValue), (null, -1), (0, null), (64, null), (long.MaxValue - 63, null), (-64, null) })
        {
            var b = Samples.Bytes();
            RawPackage.SetEntry(b, 6, offset: offset, length: length);
            Fail(b).Code.ShouldBe(PackageErrorCode.SectionOutOfBounds, $"{offset} {length}");
        }

        var c = Samples.Bytes();
        RawPackage.SetEntry(c, 6, length: 1 << 20);
        Fail(c).Code.ShouldBe(PackageErrorCode.SectionOutOfBounds);
    }

    [Fact]
    public void MisalignedSections_AreMisaligned()
    {
        var b = Samples.Bytes();
        var (o, _) = RawPackage.Entry(b, 0);
        RawPackage.SetEntry(b, 0, offset: o + 1);
        Fail(b).Code.ShouldBe(PackageErrorCode.SectionMisaligned);

        var c = Samples.Bytes(); // weights.bin is entry 6 and must stay page-aligned
        RawPackage.SetEntry(c, 6, alignment: 64);
        var e = Fail(c);
        e.Code.ShouldBe(PackageErrorCode.SectionMisaligned);
        e.Section.ShouldBe(SectionNames.Weights);
    }

    [Fact]
    public void BadTables_AreBadSectionTable()
    {
        var cases = new Action<byte[]>[]
        {
            b => RawPackage.SetEntry(b, 1, name: "code/nvptx64-nvidia-cuda/sm_80.ptx"), // duplicate
            b => RawPackage.SetEntry(b, 0, name: "zzz"),                                // unsorted
            b => RawPackage.SetEntry(b, 0, name: ""),                                   // empty
            b => RawPackage.SetEntry(b, 0, name: "a b"),                                // bad character
            b => RawPackage.SetEntry(b, 0, name: "../x"),                               // path escape
            b => RawPackage.SetEntry(b, 0, alignment: 0),
            b => RawPackage.SetEntry(b, 0, alignment: 48),
            b => RawPackage.SetEntry(b, 0, alignment: 16),
            b => RawPackage.SetEntry(b, 0, alignment: 1 << 20),
            b => { b[RawPackage.EntryOffset(0) + 212] = 1; RawPackage.Rehash(b); },     // reserved
            b => { b[RawPackage.EntryOffset(0) + 250] = 1; RawPackage.Rehash(b); },     // reserved
            b => { b[RawPackage.EntryOffset(0) + 100] = (byte)'x'; RawPackage.Rehash(b); }, // bytes after the NUL
            b => { b[RawPackage.EntryOffset(0)] = 0xC3; b[RawPackage.EntryOffset(0) + 1] = 0x28; RawPackage.Rehash(b); }, // not UTF-8
            b => { b[40] = 1; RawPackage.Rehash(b); },                                  // reserved header bytes
            b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), 5000),          // too many sections
        };
        for (var i = 0; i < cases.Length; i++)
        {
            var b = Samples.Bytes();
            cases[i](b);
            Fail(b).Code.ShouldBe(PackageErrorCode.BadSectionTable, $"case {i}");
        }
    }

    [Fact]
    public void MissingManifest_IsAMissingSection()
    {
        var e = Fail(RawPackage.Build([("a", [1])]));
        e.Code.ShouldBe(PackageErrorCode.MissingSection);
        e.Section.ShouldBe(SectionNames.Manifest);
    }

    [Fact]
    public void RandomMutations_AreAlwaysAPackageException()
    {
        var original = Samples.Bytes();
        var random = new Random(12345);
        for (var i = 0; i < 3000; i++)
        {
            var b = (byte[])original.Clone();
            switch (i % 4)
            {
                case 0:
                    b[random.Next(b.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    for (var k = random.Next(1, 8); k > 0; k--)
                    {
                        b[random.Next(b.Length)] = (byte)random.Next(256);
                    }

                    break;
                case 2:
                    b = b[..random.Next(b.Length)];
                    break;
                default:
                    // A consistent header around damaged fields: only the later checks can catch these.
                    var at = random.Next(PackageLayout.FixedHeaderSize, PackageLayout.FixedHeaderSize + (7 * 256));
                    b[at] = (byte)random.Next(256);
                    RawPackage.Rehash(b);
                    break;
            }

            if (b.AsSpan().SequenceEqual(original))
            {
                continue;
            }

            // Samples.Check lets only PackageException through. Unchecked damage is always caught; a forged table
            // (rehashed) may describe another valid package, e.g. with a larger alignment that the offset happens to meet.
            var code = Samples.Check(b);
            if (i % 4 != 3)
            {
                code.ShouldNotBeNull($"mutation {i} was accepted");
            }
        }
    }
}
