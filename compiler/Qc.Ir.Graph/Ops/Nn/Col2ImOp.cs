using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>Rearranges column blocks (N, C * prod(block_shape), L) into an image (N, C, image_shape...) (ONNX Col2Im).</summary>
/// <remarks>L must equal the number of block positions, <c>prod(floor((image + pads - ((block - 1) * dilation + 1)) / stride) + 1)</c>.</remarks>
public sealed class Col2ImOp : Op
{
    internal Col2ImOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        var image = context.GetStaticInts(Input(1));
        var block = context.GetStaticInts(Input(2));
        var n = image?.Length ?? block?.Length ?? StaticLength(1) ?? StaticLength(2) ?? -1;
        if ((image is not null && image.Length != n) || (block is not null && block.Length != n))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, "image_shape and block_shape have different lengths");
            return;
        }

        if (x.Dims is { Length: not 3 })
        {
            context.Error(this, InferenceCodes.RankMismatch, $"input must be 3-D but is {x}");
            return;
        }

        if (n < 0)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        var strides = ConvShapes.ReadList(this, context, "strides", n, 1, 1);
        var dilations = ConvShapes.ReadList(this, context, "dilations", n, 1, 1);
        var pads = ConvShapes.ReadList(this, context, "pads", 2 * n, 0, 0);
        if (strides is null || dilations is null || pads is null)
        {
            return;
        }

        var xd = x.Dims ?? NnDims.Unknowns(3);
        var channels = Dim.Unknown;
        if (block is not null)
        {
            if (block.Any(v => v < 1))
            {
                context.Error(this, InferenceCodes.BadInput, $"block_shape values must be positive but are {NnDims.Show(block.Select(Dim.Of))}");
                return;
            }

            var blockSize = block.Aggregate(1L, (p, v) => p * v);
            if (NnDims.NotDivisible(xd[1], blockSize))
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"input channels {xd[1]} are not a multiple of the block size {blockSize}");
                return;
            }

            channels = NnDims.Div(xd[1], blockSize);
            if (image is not null && BlockCount(image, block, new ConvWindow(block, strides, dilations, pads, "NOTSET")) is { } l
                && NnDims.Conflict(xd[2], l))
            {
                context.Error(this, InferenceCodes.ShapeMismatch, $"input has {xd[2]} blocks but the image and block shapes give {l}");
                return;
            }
        }

        ImmutableArray<Dim> spatial = image is null ? NnDims.Unknowns(n) : [.. image.Select(Dim.Of)];
        this.SetResult(0, x.ElementType, [xd[0], channels, .. spatial]);
    }

    private static long? BlockCount(long[] image, long[] block, ConvWindow window)
    {
        long count = 1;
        for (var i = 0; i < image.Length; i++)
        {
            if (!ConvShapes.TryOutputSize(window, i, image[i], ceilMode: false, out var positions))
            {
                return 0;
            }

            count *= positions.Value ?? 0;
        }

        return block.Length == image.Length ? count : null;
    }

    private int? StaticLength(int index) =>
        this.InputDims(index) is [{ IsStatic: true } d] ? (int)d.Value!.Value : null;
}
