using System.Runtime.InteropServices;

namespace Qc.Codegen.Llvm.Interop;

/// <summary>Owns one LLVM object and disposes it exactly once, also when only the finalizer gets to it.</summary>
/// <remarks>A handle made with a <c>parent</c> (a module or builder in its context) keeps the parent alive with
/// <see cref="SafeHandle.DangerousAddRef"/>, so a context is never disposed before the modules and builders in it, whatever
/// order <c>Dispose</c> or the finalizers run in.</remarks>
internal sealed class LlvmHandle : SafeHandle
{
    private readonly Action<IntPtr> _dispose;
    private readonly LlvmHandle? _parent;

    public LlvmHandle(IntPtr pointer, Action<IntPtr> dispose, string what, LlvmHandle? parent = null)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        if (pointer == IntPtr.Zero)
        {
            throw new LlvmException($"LLVM returned no {what}");
        }

        _dispose = dispose;
        if (parent is not null)
        {
            var added = false;
            parent.DangerousAddRef(ref added);
            _parent = parent;
        }

        SetHandle(pointer);
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The raw pointer, for calls while this owner is alive.</summary>
    public IntPtr Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        _dispose(handle);
        _parent?.DangerousRelease();
        return true;
    }
}
