using System.Globalization;
using System.Text;
using Qc.Core.Diagnostics;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>State shared by the op lowerings: the module being built, the buffer of every value, the vector width.</summary>
internal sealed class LoweringContext
{
    private readonly Dictionary<LValue, KernelBuffer> _buffers = [];
    private readonly HashSet<string> _kernelNames = new(StringComparer.Ordinal);

    public LoweringContext(KernelModule module, LoweringOptions options, DiagnosticBag diagnostics)
    {
        Module = module;
        Options = options;
        Diagnostics = diagnostics;
    }

    public KernelModule Module { get; }

    public LoweringOptions Options { get; }

    public DiagnosticBag Diagnostics { get; }

    /// <summary>f32 lanes of vector code (1: scalar only).</summary>
    public int Lanes => Options.VectorWidth;

    /// <summary>Gives a buffer to a value seen for the first time (null: every value must be bound beforehand).</summary>
    public Func<LValue, KernelBuffer>? Allocate { get; init; }

    /// <summary>The buffer holding <paramref name="value"/> (a view's buffer is its source's), allocated on first use, so
    /// constants that lowering reads at compile time (shapes, axes, pads) never become weight buffers.</summary>
    public KernelBuffer Buffer(LValue value)
    {
        if (_buffers.TryGetValue(value, out var b))
        {
            return b;
        }

        b = Allocate?.Invoke(value) ?? throw new InvalidOperationException($"value '{value.Name}' has no buffer");
        _buffers[value] = b;
        return b;
    }

    public bool HasBuffer(LValue value) => _buffers.ContainsKey(value);

    public void Bind(LValue value, KernelBuffer buffer) => _buffers[value] = buffer;

    /// <summary>A new kernel at the end of the schedule, named <paramref name="name"/> (made a unique identifier); parameters are set by <see cref="Seal"/>.</summary>
    public KernelBuilder NewKernel(string name)
    {
        var kernel = Module.AddKernel(UniqueKernelName(name));
        return new KernelBuilder(kernel);
    }

    /// <summary>A new temp buffer (scratch that is not a graph value, such as a padded copy of an input).</summary>
    public KernelBuffer NewTemp(string name, Core.Tensors.ElementType type, long[] shape) =>
        Module.AddTemp(UniqueBufferName(name), type, shape);

    /// <summary>A buffer name no buffer has yet.</summary>
    public string UniqueBufferName(string preferred)
    {
        if (Module.FindBuffer(preferred) is null)
        {
            return preferred;
        }

        for (var i = 1; ; i++)
        {
            var candidate = preferred + "_" + i.ToString(CultureInfo.InvariantCulture);
            if (Module.FindBuffer(candidate) is null)
            {
                return candidate;
            }
        }
    }

    /// <summary>Sets every kernel's parameters to the buffers its body reads or writes, in buffer order.</summary>
    public void Seal()
    {
        foreach (var k in Module.Kernels)
        {
            k.Parameters = [.. k.BuffersRead().Concat(k.BuffersWritten()).Distinct().OrderBy(b => b.Id)];
        }
    }

    private string UniqueKernelName(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        var clean = sb.Length == 0 || char.IsAsciiDigit(sb[0]) ? "k_" + sb : sb.ToString();
        if (_kernelNames.Add(clean))
        {
            return clean;
        }

        for (var i = 1; ; i++)
        {
            var candidate = clean + "_" + i.ToString(CultureInfo.InvariantCulture);
            if (_kernelNames.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
