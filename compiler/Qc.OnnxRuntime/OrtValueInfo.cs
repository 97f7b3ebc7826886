using Qc.Core.Tensors;

namespace Qc.OnnxRuntime;

/// <summary>A model input or output as ONNX Runtime reports it.</summary>
/// <param name="Name">The graph input or output name.</param>
/// <param name="ElementType">The tensor element type; <see cref="ElementType.Unknown"/> for non-tensor values.</param>
/// <param name="Dims">The dimensions, -1 for symbolic or unknown ones; empty for scalars, for tensors without a declared shape, and for non-tensor values.</param>
/// <param name="Kind">Tensor, or the kind of non-tensor value (sequence, map, optional, ...), which <see cref="OrtSession.Run"/> does not support.</param>
/// <param name="SymbolicDims">The symbolic name of each dimension (such as <c>"N"</c>), or an empty string where the dimension is fixed or unnamed; same length as <paramref name="Dims"/>.</param>
/// <remarks>Equality compares the arrays by reference, as records do.</remarks>
public sealed record OrtValueInfo(string Name, ElementType ElementType, long[] Dims, OrtValueKind Kind, string[] SymbolicDims)
{
    /// <summary>True for tensors (the only kind <see cref="OrtSession.Run"/> accepts and returns).</summary>
    public bool IsTensor => Kind == OrtValueKind.Tensor;

    /// <summary>Formats as <c>name: f32[-1,3,48,192]</c> (or <c>name: sequence</c>).</summary>
    public override string ToString() => IsTensor
        ? $"{Name}: {ElementType.Name()}[{string.Join(",", Dims)}]"
        : $"{Name}: {Kind.ToString().ToLowerInvariant()}";
}
