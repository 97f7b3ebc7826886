using System.Collections.Immutable;

namespace Qc.Ir.Graph;

/// <summary>A reduction over the axes of the optional second input (ReduceSum, ReduceMean, ReduceMax, ReduceL2, ...).</summary>
/// <remarks>Empty or absent axes reduce every axis, or nothing with <c>noop_with_empty_axes</c>. <c>keepdims</c> (default 1)
/// keeps reduced axes as size 1. Reducing a 1-D shape value with ReduceSum, ReduceProd, ReduceMax or ReduceMin gives a shape value.</remarks>
public sealed class ReduceOp : Op
{
    internal ReduceOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>The ONNX op type naming the reduction, such as <c>ReduceSum</c>.</summary>
    public string Function => Schema.OpType;

    /// <summary>True when reduced axes are kept with size 1.</summary>
    public bool KeepDims => Attributes.GetInt("keepdims", 1) != 0;

    /// <summary>True when empty axes mean "reduce nothing" rather than "reduce everything".</summary>
    public bool NoopWithEmptyAxes => Attributes.GetInt("noop_with_empty_axes", 0) != 0;

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } x)
        {
            return;
        }

        if (x.Dims is not { } dims)
        {
            this.SetResultUnranked(0, x.ElementType);
            return;
        }

        long[]? axes = Input(1) is null || TensorAxes.StaticLength(context, Input(1)) == 0 ? [] : context.GetStaticInts(Input(1));
        if (axes is null)
        {
            if (KeepDims)
            {
                this.SetResult(0, x.ElementType, dims.Select(d => d.Value == 1 ? d : Dim.Unknown));
            }
            else if (TensorAxes.StaticLength(context, Input(1)) is { } count && count <= dims.Length)
            {
                this.SetResult(0, x.ElementType, TensorDimMath.Unknowns(dims.Length - count));
            }
            else
            {
                this.SetResultUnranked(0, x.ElementType);
            }

            return;
        }

        if (axes.Length == 0 && NoopWithEmptyAxes)
        {
            this.SetResult(0, x);
            PropagateShapeValue(context, dims, [], true);
            return;
        }

        var normalized = axes.Length == 0 ? [.. Enumerable.Range(0, dims.Length)] : TensorAxes.Normalize(this, context, axes, dims.Length);
        if (normalized is null)
        {
            return;
        }

        var output = new List<Dim>();
        for (var i = 0; i < dims.Length; i++)
        {
            if (!normalized.Contains(i))
            {
                output.Add(dims[i]);
            }
            else if (KeepDims)
            {
                output.Add(Dim.Of(1));
            }
        }

        this.SetResult(0, x.ElementType, output);
        PropagateShapeValue(context, dims, normalized, false);
    }

    private void PropagateShapeValue(InferenceContext context, ImmutableArray<Dim> dims, int[] axes, bool noop)
    {
        if (dims.Length != 1 || context.GetShapeValue(Input(0)) is not { } sv)
        {
            return;
        }

        if (noop || axes.Length == 0)
        {
            context.SetShapeValue(Result, sv);
            return;
        }

        Dim? reduced = Function switch
        {
            "ReduceSum" => TensorDimMath.Sum(sv),
            "ReduceProd" => TensorDimMath.Product(sv),
            "ReduceMax" when sv.Length > 0 && sv.All(d => d.IsStatic) => Dim.Of(sv.Max(d => d.Value!.Value)),
            "ReduceMin" when sv.Length > 0 && sv.All(d => d.IsStatic) => Dim.Of(sv.Min(d => d.Value!.Value)),
            _ => null,
        };
        if (reduced is { } r)
        {
            context.SetShapeValue(Result, [r]);
        }
    }
}
