using System.Runtime.InteropServices;
using System.Text;

namespace Qc.OnnxRuntime;

/// <summary>NUL-terminated UTF-8 copies of several strings in one native block, with an array of pointers to them (a C <c>const char* const*</c>).</summary>
/// <remarks>The memory is native, so it never moves; it is freed by <see cref="Dispose"/>.</remarks>
internal sealed unsafe class Utf8Block : IDisposable
{
    private byte* _bytes;
    private IntPtr* _pointers;

    public Utf8Block(IReadOnlyList<string> strings)
    {
        var total = 0;
        foreach (var s in strings)
        {
            total = checked(total + Encoding.UTF8.GetByteCount(s) + 1);
        }

        _bytes = (byte*)NativeMemory.Alloc((nuint)Math.Max(total, 1));
        _pointers = (IntPtr*)NativeMemory.Alloc((nuint)Math.Max(strings.Count, 1), (nuint)sizeof(IntPtr));
        var offset = 0;
        for (var i = 0; i < strings.Count; i++)
        {
            _pointers[i] = (IntPtr)(_bytes + offset);
            var written = Encoding.UTF8.GetBytes(strings[i], new Span<byte>(_bytes + offset, total - offset));
            _bytes[offset + written] = 0;
            offset += written + 1;
        }

        Count = strings.Count;
    }

    /// <summary>The number of strings.</summary>
    public int Count { get; }

    /// <summary>The pointer array; valid until <see cref="Dispose"/>.</summary>
    public IntPtr* Pointers => _pointers;

    /// <summary>Frees the native memory.</summary>
    public void Dispose()
    {
        NativeMemory.Free(_pointers);
        NativeMemory.Free(_bytes);
        _pointers = null;
        _bytes = null;
    }
}
