namespace Qc.Ir.Graph;

/// <summary>Registers the Tensor op family: reshaping, transposing, concatenating, slicing, padding, casting and shape ops.</summary>
internal static class TensorOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.Add("Reshape", "reshape", (2, 2), (1, 1), "allowzero:INT", (s, i) => new ReshapeOp(s, i));
        r.Add("Flatten", "flatten", (1, 1), (1, 1), "axis:INT", (s, i) => new FlattenOp(s, i));
        r.Add("Squeeze", "squeeze", (1, 2), (1, 1), "", (s, i) => new SqueezeOp(s, i));
        r.Add("Unsqueeze", "unsqueeze", (2, 2), (1, 1), "", (s, i) => new UnsqueezeOp(s, i));
        r.Add("Transpose", "transpose", (1, 1), (1, 1), "perm:INTS", (s, i) => new TransposeOp(s, i));
        r.Add("Concat", "concat", (1, OpSchema.Variadic), (1, 1), "axis:INT!", (s, i) => new ConcatOp(s, i));
        r.Add("Split", "split", (1, 2), (1, OpSchema.Variadic), "axis:INT num_outputs:INT", (s, i) => new SplitOp(s, i));
        r.Add("Slice", "slice", (3, 5), (1, 1), "", (s, i) => new SliceOp(s, i));
        r.Add("Pad", "pad", (2, 4), (1, 1), "mode:STRING", (s, i) => new PadOp(s, i));
        r.Add("Expand", "expand", (2, 2), (1, 1), "", (s, i) => new ExpandOp(s, i));
        r.Add("Tile", "tile", (2, 2), (1, 1), "", (s, i) => new TileOp(s, i));
        r.Add("Shape", "shape", (1, 1), (1, 1), "end:INT start:INT", (s, i) => new ShapeOp(s, i));
        r.Add("Size", "size", (1, 1), (1, 1), "", (s, i) => new SizeOp(s, i));
        r.Add("Cast", "cast", (1, 1), (1, 1), "saturate:INT to:INT!", (s, i) => new CastOp(s, i));
        r.Add("CastLike", "cast_like", (2, 2), (1, 1), "saturate:INT", (s, i) => new CastOp(s, i));
        r.Add("ConstantOfShape", "constant_of_shape", (1, 1), (1, 1), "value:TENSOR", (s, i) => new ConstantOfShapeOp(s, i));
        r.Add("Range", "range", (3, 3), (1, 1), "", (s, i) => new RangeOp(s, i));
        r.Add("EyeLike", "eye_like", (1, 1), (1, 1), "dtype:INT k:INT", (s, i) => new EyeLikeOp(s, i));
        r.Add("Trilu", "trilu", (1, 2), (1, 1), "upper:INT", (s, i) => new TriluOp(s, i));
    }
}
