using System.Collections.Immutable;
using Qc.Core.Tensors;
using Qc.Core.Text;

namespace Qc.Ir.Kernel;

/// <summary>What a buffer is for, which decides who owns its memory and whether kernels may write it.</summary>
public enum BufferKind
{
    /// <summary>A model input: read-only, provided by the caller.</summary>
    Input,

    /// <summary>A model output: written by kernels, returned to the caller.</summary>
    Output,

    /// <summary>Constant data (<see cref="KernelBuffer.Data"/>): read-only, shipped in the package.</summary>
    Weight,

    /// <summary>An intermediate: written and read by kernels; memory planning places it in an arena.</summary>
    Temp,
}

/// <summary>A named, statically shaped array of one element type, addressed by flat element index (row-major by convention).</summary>
/// <remarks>The IR fixes no strides: lowering writes index expressions, so layouts such as NCHWc or packed weights are
/// just other index expressions and other weight contents.</remarks>
public sealed class KernelBuffer
{
    internal KernelBuffer(int id, string name, ElementType elementType, ImmutableArray<long> shape, BufferKind kind, TensorData? data)
    {
        Id = id;
        Name = name;
        ElementType = elementType;
        Shape = shape;
        Kind = kind;
        Data = data;
    }

    /// <summary>The position of the buffer in <see cref="KernelModule.Buffers"/>.</summary>
    public int Id { get; }

    /// <summary>The unique name (printed <c>@name</c>).</summary>
    public string Name { get; }

    /// <summary>The element type (f32, f16, bf16, f64, i8, u8, i16, u16, i32, u32, i64, bool).</summary>
    public ElementType ElementType { get; }

    /// <summary>The static dimensions (empty for a scalar).</summary>
    public ImmutableArray<long> Shape { get; }

    /// <summary>Input, output, weight or temp.</summary>
    public BufferKind Kind { get; }

    /// <summary>The contents of a weight buffer (null for other kinds, or for a weight parsed without its data).</summary>
    public TensorData? Data { get; set; }

    /// <summary>Where the buffer was parsed from, if any.</summary>
    public TextSpan? Span { get; set; }

    /// <summary>Number of elements (product of the shape).</summary>
    public long ElementCount => TensorData.ElementCountOf(Shape.AsSpan());

    /// <summary>The kernel type of one element (i1 for bool). Defined for the element types kernels support.</summary>
    public KernelType ValueType => KernelType.TryFromElementType(ElementType, out var k) ? KernelType.Of(k) : KernelType.F32;

    /// <summary>True for buffers kernels may write (outputs and temps).</summary>
    public bool IsWritable => Kind is BufferKind.Output or BufferKind.Temp;

    /// <summary>Row-major strides of <see cref="Shape"/> in elements.</summary>
    public long[] RowMajorStrides()
    {
        var strides = new long[Shape.Length];
        long s = 1;
        for (var i = Shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Shape[i];
        }

        return strides;
    }

    /// <inheritdoc/>
    public override string ToString() => "@" + Name;
}
