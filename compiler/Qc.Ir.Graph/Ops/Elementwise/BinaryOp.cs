using System.Collections.Immutable;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>An elementwise op of two tensors with numpy broadcasting: arithmetic, logic, comparison, bit ops, PRelu.</summary>
/// <remarks>Comparisons produce bool; everything else the first input's element type. PRelu broadcasts the slope to X's shape.</remarks>
public sealed class BinaryOp : Op
{
    internal BinaryOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <summary>The ONNX op type naming the operation, such as <c>Add</c>.</summary>
    public string Function => Schema.OpType;

    /// <summary>True for ops producing bool (comparisons).</summary>
    public bool IsComparison => Function is "Equal" or "Greater" or "Less" or "GreaterOrEqual" or "LessOrEqual";

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (this.InputTensor(0) is not { } a || this.InputTensor(1) is not { } b)
        {
            return;
        }

        if (Function != "Pow" && a.ElementType != ElementType.Unknown && b.ElementType != ElementType.Unknown && a.ElementType != b.ElementType)
        {
            context.Error(this, InferenceCodes.TypeMismatch, $"inputs have different element types {a.ElementType.Name()} and {b.ElementType.Name()}");
            return;
        }

        var elem = IsComparison ? ElementType.Bool : a.ElementType;
        if (a.Dims is not { } ad || b.Dims is not { } bd)
        {
            this.SetResultUnranked(0, elem);
            return;
        }

        var shape = ShapeHelpers.Broadcast([ad, bd]);
        if (shape is null || (Function == "PRelu" && shape.Value.Length != ad.Length))
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"shapes {a} and {b} do not broadcast");
            return;
        }

        this.SetResult(0, elem, Function == "PRelu" ? ad : shape.Value);
        PropagateShapeValue(context);
    }

    private void PropagateShapeValue(InferenceContext context)
    {
        if (Function is not ("Add" or "Sub" or "Mul" or "Div") || context.GetShapeValue(Input(0)) is not { } x
            || context.GetShapeValue(Input(1)) is not { } y)
        {
            return;
        }

        var n = Math.Max(x.Length, y.Length);
        if ((x.Length != n && x.Length != 1) || (y.Length != n && y.Length != 1))
        {
            return;
        }

        var result = ImmutableArray.CreateBuilder<Dim>(n);
        for (var i = 0; i < n; i++)
        {
            var p = x[x.Length == 1 ? 0 : i];
            var q = y[y.Length == 1 ? 0 : i];
            result.Add(Combine(p, q));
        }

        context.SetShapeValue(Result, result.MoveToImmutable());
    }

    private Dim Combine(Dim p, Dim q)
    {
        if (p.IsStatic && q.IsStatic)
        {
            long a = p.Value!.Value, b = q.Value!.Value;
            return Function switch
            {
                "Add" => a + b,
                "Sub" => a - b,
                "Mul" => a * b,
                _ => b == 0 ? Dim.Unknown : Dim.Of((long)Math.Floor((double)a / b)),
            };
        }

        return (Function, q.Value) switch
        {
            ("Mul" or "Div", 1) or ("Add" or "Sub", 0) => p,
            _ => Function == "Mul" && p.Value == 1 ? q : Function == "Add" && p.Value == 0 ? q : Dim.Unknown,
        };
    }
}
