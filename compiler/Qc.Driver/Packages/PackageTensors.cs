using Qc.Core.Tensors;
using Qc.Package;
using Qc.Runtime;

namespace Qc.Driver.Packages;

/// <summary>Converts between the runtime's tensors (<see cref="QcTensor"/>) and the compiler's (<see cref="TensorData"/>),
/// which ONNX Runtime and the .npy/.pb readers use.</summary>
internal static class PackageTensors
{
    private static readonly (QcDType Package, ElementType Core)[] s_types =
    [
        (QcDType.F32, ElementType.F32), (QcDType.F16, ElementType.F16), (QcDType.BF16, ElementType.BF16),
        (QcDType.F64, ElementType.F64), (QcDType.I8, ElementType.I8), (QcDType.U8, ElementType.U8),
        (QcDType.I16, ElementType.I16), (QcDType.I32, ElementType.I32), (QcDType.I64, ElementType.I64),
        (QcDType.Bool, ElementType.Bool),
    ];

    /// <summary>The compiler's element type of a package element type.</summary>
    public static ElementType ToCore(QcDType dtype) => s_types.First(t => t.Package == dtype).Core;

    /// <summary>The package element type of a compiler element type, when packages have it.</summary>
    public static bool TryToPackage(ElementType type, out QcDType dtype)
    {
        foreach (var (p, c) in s_types)
        {
            if (c == type)
            {
                dtype = p;
                return true;
            }
        }

        dtype = default;
        return false;
    }

    /// <summary>The element type's name as packages write it (<c>f32</c>, <c>bool</c>), or the IR name for other types.</summary>
    public static string Name(ElementType type) => TryToPackage(type, out var dtype) ? QcDTypes.Name(dtype) : type.Name();

    public static TensorData ToCore(QcTensor tensor) => TensorData.FromBytes(ToCore(tensor.DType), tensor.Shape.AsSpan(), tensor.Data);

    /// <summary>The runtime tensor of a compiler tensor (copied); the caller checked <see cref="TryToPackage"/>.</summary>
    public static QcTensor ToPackage(TensorData tensor, QcDType dtype) => new(dtype, tensor.Dims, tensor.Data.ToArray());
}
