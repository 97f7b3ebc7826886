using Onnx;
using Qc.Core.Tensors;

namespace Qc.Onnx.Import;

/// <summary>Densifies ONNX <c>SparseTensorProto</c> values (sparse initializers and Constant's <c>sparse_value</c>).</summary>
internal static class SparseTensors
{
    /// <summary>The largest dense tensor a sparse tensor may expand to.</summary>
    private const long MaxDenseBytes = 1L << 31;

    /// <summary>Expands a sparse tensor to a dense one with zeros elsewhere.</summary>
    /// <exception cref="OnnxFormatException">The values, indices or dims are inconsistent.</exception>
    public static TensorData Densify(SparseTensorProto sparse, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(sparse);
        if (sparse.Values is null)
        {
            throw new OnnxFormatException("sparse tensor has no 'values'");
        }

        var name = sparse.Values.Name;
        var values = OnnxTensors.ToTensorData(sparse.Values, baseDirectory);
        var type = values.ElementType;
        if (type == ElementType.String || type.BitWidth() % 8 != 0)
        {
            throw new OnnxFormatException($"sparse tensor '{name}' of {type.Name()} is not supported");
        }

        if (values.Rank != 1)
        {
            throw new OnnxFormatException($"sparse tensor '{name}' has values of rank {values.Rank}, expected 1");
        }

        var dims = sparse.Dims.ToArray();
        long count = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new OnnxFormatException($"sparse tensor '{name}' has negative dimension {d}");
            }

            count = d == 0 ? 0 : count > MaxDenseBytes / d ? MaxDenseBytes + 1 : count * d;
        }

        var size = type.BitWidth() / 8;
        if (count * size > MaxDenseBytes)
        {
            throw new OnnxFormatException($"sparse tensor '{name}' is too large to densify");
        }

        var nnz = values.ElementCount;
        long[] indices;
        var indexRank = 1;
        if (sparse.Indices is null)
        {
            if (nnz != 0)
            {
                throw new OnnxFormatException($"sparse tensor '{name}' has {nnz} values but no indices");
            }

            indices = [];
        }
        else
        {
            var idx = OnnxTensors.ToTensorData(sparse.Indices, baseDirectory);
            if (idx.ElementType != ElementType.I64)
            {
                throw new OnnxFormatException($"sparse tensor '{name}' has {idx.ElementType.Name()} indices, expected i64");
            }

            indices = idx.ToInt64Array();
            indexRank = idx.Rank;
            var ok = indexRank switch
            {
                1 => idx.Dims[0] == nnz,
                2 => idx.Dims[0] == nnz && idx.Dims[1] == dims.Length,
                _ => false,
            };
            if (!ok)
            {
                throw new OnnxFormatException($"sparse tensor '{name}' has indices of shape [{string.Join(",", idx.Dims)}] for {nnz} values of rank {dims.Length}");
            }
        }

        var dense = new byte[checked((int)(count * size))];
        var src = values.Data.Span;
        for (var i = 0; i < nnz; i++)
        {
            long linear;
            if (indexRank == 1)
            {
                linear = indices[i];
            }
            else
            {
                linear = 0;
                for (var k = 0; k < dims.Length; k++)
                {
                    var c = indices[(i * dims.Length) + k];
                    if (c < 0 || c >= dims[k])
                    {
                        throw new OnnxFormatException($"sparse tensor '{name}' has index {c} out of range for dimension {k} of size {dims[k]}");
                    }

                    linear = (linear * dims[k]) + c;
                }
            }

            if (linear < 0 || linear >= count)
            {
                throw new OnnxFormatException($"sparse tensor '{name}' has linear index {linear} out of range [0, {count})");
            }

            src.Slice(i * size, size).CopyTo(dense.AsSpan((int)(linear * size), size));
        }

        return TensorData.FromBytes(type, dims, dense);
    }
}
