using System.Runtime.InteropServices;

namespace Qc.OnnxRuntime;

/// <summary>Owns an <c>OrtSession*</c>; releases it once, even when a run on another thread still holds a reference.</summary>
internal sealed class SessionHandle : SafeHandle
{
    public SessionHandle(IntPtr session)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(session);
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeApi.ReleaseSession(handle);
        return true;
    }
}
