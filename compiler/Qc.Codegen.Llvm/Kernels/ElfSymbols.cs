using System.Buffers.Binary;
using System.Text;

namespace Qc.Codegen.Llvm.Kernels;

/// <summary>Reads the undefined symbols of a little-endian ELF64 relocatable object (its <c>.symtab</c>): what the object
/// needs from outside. Kernels must need nothing (no libm, no compiler runtime).</summary>
public static class ElfSymbols
{
    /// <summary>The names of the undefined symbols, sorted; empty when there are none or the bytes are not ELF64 LE.</summary>
    public static IReadOnlyList<string> Undefined(ReadOnlySpan<byte> elf)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (elf.Length < 64 || !elf[..4].SequenceEqual("\u007fELF"u8) || elf[4] != 2 || elf[5] != 1)
        {
            return [.. names];
        }

        var shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]);
        var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
        var shnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        for (var i = 0; i < shnum; i++)
        {
            var sh = Slice(elf, shoff + ((long)i * shentsize), 64);
            if (sh.IsEmpty || BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != 2)
            {
                continue;
            }

            var symbols = Slice(elf, (long)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]), (long)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x20..]));
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            var strHeader = Slice(elf, shoff + ((long)link * shentsize), 64);
            if (strHeader.IsEmpty)
            {
                continue;
            }

            var strings = Slice(elf, (long)BinaryPrimitives.ReadUInt64LittleEndian(strHeader[0x18..]), (long)BinaryPrimitives.ReadUInt64LittleEndian(strHeader[0x20..]));
            for (var s = 24; s + 24 <= symbols.Length; s += 24)
            {
                var name = (int)BinaryPrimitives.ReadUInt32LittleEndian(symbols[s..]);
                var section = BinaryPrimitives.ReadUInt16LittleEndian(symbols[(s + 6)..]);
                if (section == 0 && name > 0 && name < strings.Length)
                {
                    var rest = strings[name..];
                    var end = rest.IndexOf((byte)0);
                    names.Add(Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]));
                }
            }
        }

        return [.. names];
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> bytes, long offset, long length) =>
        offset < 0 || length < 0 || offset + length > bytes.Length ? [] : bytes.Slice((int)offset, (int)length);
}
