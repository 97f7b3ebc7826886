using Qc.Core.Tensors;
using Qc.Ir.Graph;
using Qc.Ir.Kernel;
using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>The scalar (and lane-wise) semantics of every elementwise op lowering supports, written with kernel IR ops.</summary>
internal static class ElementwiseOps
{
    private static readonly HashSet<string> s_unary = new(
    [
        "Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Erf", "Gelu", "Exp", "Log", "Sqrt", "Neg", "Abs",
        "Reciprocal", "Floor", "Ceil", "Round", "Softplus", "Softsign", "Elu", "Selu", "Celu", "ThresholdedRelu", "Mish", "Sign",
        "Not", "IsNaN", "IsInf", "Identity", "Expand", "Cast", "CastLike", .. Trigonometry.OpTypes,
    ], StringComparer.Ordinal);

    private static readonly HashSet<string> s_other = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "PRelu", "Mod", "Equal", "Less", "Greater", "LessOrEqual",
        "GreaterOrEqual", "And", "Or", "Xor", "Where", "Clip", "BitShift", "BatchNormalization", "QuantizeLinear", "DequantizeLinear",
    };

    /// <summary>The op types this class computes.</summary>
    public static IEnumerable<string> OpTypes => s_unary.Concat(s_other);

    public static bool IsElementwise(string opType) => s_unary.Contains(opType) || s_other.Contains(opType);

    /// <summary>Why <paramref name="n"/> cannot be computed elementwise here, or null.</summary>
    public static string? Check(LNode n)
    {
        var x = n.Inputs[0]!;
        switch (n.OpType)
        {
            case "Gelu" when n.Attributes.GetString("approximate", "none") is not ("none" or "tanh"):
                return $"approximate = '{n.Attributes.GetString("approximate", "")}' is not 'none' or 'tanh'";
            case "Pow" when !x.ElementType.IsFloat():
                return "Pow of an integer base is not supported";
            case "Mod" when n.Attributes.GetInt("fmod", 0) == 0 && x.ElementType.IsFloat():
                return "Mod of floats needs fmod = 1";
            case "BatchNormalization" when n.Attributes.GetInt("training_mode", 0) != 0 || n.Outputs.Count > 1:
                return "training mode (running statistics as results) is not supported";
            case "BatchNormalization" when x.Shape.Length < 2:
                return "the input needs rank 2 or more";
            case "QuantizeLinear" or "DequantizeLinear" when QuantAxis(n) is null:
                return "scale and zero point must be scalars, vectors along 'axis', or blocked along 'axis' (block_size)";
            case "QuantizeLinear" when !n.Output.ElementType.IsInteger():
                return $"quantizing to {n.Output.ElementType.Name()} is not supported (integer types only)";
            case "DequantizeLinear" when !x.ElementType.IsInteger():
                return $"dequantizing {x.ElementType.Name()} is not supported (integer types only)";
            case "Dropout" when n.Outputs.Count > 1:
                return "the mask result is not supported";
            default:
                return null;
        }
    }

    /// <summary>False for inputs that carry no elements to compute with (Expand's shape, CastLike's type example).</summary>
    public static bool IsDataInput(LNode n, int input) => input == 0 || n.OpType is not ("Expand" or "CastLike");

    /// <summary>How input <paramref name="input"/> of <paramref name="n"/> is indexed from the result indices.</summary>
    public static LeafView ViewOf(LNode n, int input, long[] root)
    {
        var v = n.Inputs[input]!;
        if (n.OpType == "BatchNormalization" && input > 0)
        {
            return LeafView.Axis(v.ElementCount, root, 1);
        }

        if (n.OpType is "QuantizeLinear" or "DequantizeLinear" && input > 0 && QuantAxis(n) is { } q && q.Axis >= 0)
        {
            return q.Block > 0 ? LeafView.Blocked(v.Shape, root, q.Axis, q.Block) : LeafView.Axis(v.ElementCount, root, q.Axis);
        }

        return LeafView.Broadcast(v.Shape, root);
    }

    /// <summary>Computes the result of <paramref name="n"/> from its operand values (null for absent inputs).</summary>
    public static KernelValue Apply(KernelBuilder b, LNode n, IReadOnlyList<KernelValue?> ins)
    {
        var a = n.Attributes;
        var x = ins[0]!;
        KernelValue C(double value) => b.Const(x.Type, value);
        var outType = Typed(n.Output.ElementType, x.Type.Lanes);
        switch (n.OpType)
        {
            case "Identity" or "Expand" or "Dropout":
                return x;
            case "Relu":
                return b.Max(x, C(0));
            case "LeakyRelu":
                return b.Select(b.Lt(x, C(0)), b.Mul(x, C(a.GetFloat("alpha", 0.01f))), x);
            case "Sigmoid":
                return b.Sigmoid(x);
            case "HardSigmoid":
                return b.Clamp(b.Add(b.Mul(x, C(a.GetFloat("alpha", 0.2f))), C(a.GetFloat("beta", 0.5f))), C(0), C(1));
            case "HardSwish":
                return b.Mul(x, b.Clamp(b.Add(b.Mul(x, C(1f / 6f)), C(0.5)), C(0), C(1)));
            case "Tanh":
                return b.Tanh(x);
            case "Erf":
                return b.Erf(x);
            case "Gelu" when a.GetString("approximate", "none") == "tanh":
                {
                    var inner = b.Mul(C(0.7978845608028654), b.Add(x, b.Mul(C(0.044715), b.Mul(x, b.Mul(x, x)))));
                    return b.Mul(b.Mul(C(0.5), x), b.Add(C(1), b.Tanh(inner)));
                }

            case "Gelu":
                return b.Mul(b.Mul(C(0.5), x), b.Add(C(1), b.Erf(b.Mul(x, C(0.7071067811865476)))));
            case "Exp":
                return b.Exp(x);
            case "Log":
                return b.Log(x);
            case "Sqrt":
                return b.Sqrt(x);
            case "Neg":
                return b.Neg(x);
            case "Abs":
                return b.Abs(x);
            case "Reciprocal":
                return b.Div(C(1), x);
            case "Floor":
                return b.Floor(x);
            case "Ceil":
                return b.Ceil(x);
            case "Round":
                return b.RoundEven(x);
            case "Softplus":
                return Softplus(b, x);
            case var t when Trigonometry.OpTypes.Contains(t):
                return Trigonometry.Apply(b, t, x);
            case "Softsign":
                return b.Div(x, b.Add(C(1), b.Abs(x)));
            case "Elu":
                return b.Select(b.Lt(x, C(0)), b.Mul(C(a.GetFloat("alpha", 1f)), b.Sub(b.Exp(x), C(1))), x);
            case "Selu":
                {
                    var neg = b.Mul(C(a.GetFloat("alpha", 1.67326319217681884765625f)), b.Sub(b.Exp(x), C(1)));
                    return b.Mul(C(a.GetFloat("gamma", 1.05070102214813232421875f)), b.Select(b.Le(x, C(0)), neg, x));
                }

            case "Celu":
                {
                    var alpha = C(a.GetFloat("alpha", 1f));
                    return b.Add(b.Max(x, C(0)), b.Min(C(0), b.Mul(alpha, b.Sub(b.Exp(b.Div(x, alpha)), C(1)))));
                }

            case "ThresholdedRelu":
                return b.Select(b.Gt(x, C(a.GetFloat("alpha", 1f))), x, C(0));
            case "Mish":
                return b.Mul(x, b.Tanh(Softplus(b, x)));
            case "Sign":
                return b.Select(b.Gt(x, C(0)), C(1), b.Select(b.Lt(x, C(0)), C(-1), C(0)));
            case "Not":
                return b.Xor(x, b.Const(x.Type, 1));
            case "IsNaN":
                return b.Ne(x, x);
            case "IsInf":
                {
                    var pos = b.Eq(x, C(double.PositiveInfinity));
                    var neg = b.Eq(x, C(double.NegativeInfinity));
                    var f = b.Const(pos.Type, 0);
                    return b.Or(a.GetInt("detect_positive", 1) != 0 ? pos : f, a.GetInt("detect_negative", 1) != 0 ? neg : f);
                }

            case "Cast" or "CastLike":
                return b.Cast(x, outType.Scalar);
            case "Add" or "Sum":
                return Fold(ins, b.Add);
            case "Sub":
                return b.Sub(x, ins[1]!);
            case "Mul":
                return b.Mul(x, ins[1]!);
            case "Div":
                return b.Div(x, ins[1]!);
            case "Max":
                return Fold(ins, b.Max);
            case "Min":
                return Fold(ins, b.Min);
            case "Mean":
                return b.Div(Fold(ins, b.Add), C(ins.Count));
            case "Pow":
                return b.Pow(x, b.Cast(ins[1]!, x.Type.Scalar));
            case "PRelu":
                return b.Select(b.Lt(x, C(0)), b.Mul(x, ins[1]!), x);
            case "Mod" when a.GetInt("fmod", 0) != 0:
                return b.Rem(x, ins[1]!);
            case "Mod":
                {
                    var y = ins[1]!;
                    var r = b.Rem(x, y);
                    var fix = b.And(b.Ne(r, C(0)), b.Ne(b.Lt(r, C(0)), b.Lt(y, C(0))));
                    return b.Select(fix, b.Add(r, y), r);
                }

            case "Equal":
                return b.Eq(x, ins[1]!);
            case "Less":
                return b.Lt(x, ins[1]!);
            case "Greater":
                return b.Gt(x, ins[1]!);
            case "LessOrEqual":
                return b.Le(x, ins[1]!);
            case "GreaterOrEqual":
                return b.Ge(x, ins[1]!);
            case "And":
                return b.And(x, ins[1]!);
            case "Or":
                return b.Or(x, ins[1]!);
            case "Xor":
                return b.Xor(x, ins[1]!);
            case "BitShift":
                return a.GetString("direction", "LEFT") == "LEFT" ? b.Shl(x, ins[1]!) : b.Shr(x, ins[1]!);
            case "Where":
                return b.Select(x, ins[1]!, ins[2]!);
            case "Clip":
                {
                    var r = x;
                    if (ins.Count > 1 && ins[1] is { } lo)
                    {
                        r = b.Max(r, lo);
                    }

                    if (ins.Count > 2 && ins[2] is { } hi)
                    {
                        r = b.Min(r, hi);
                    }

                    return r;
                }

            case "BatchNormalization":
                {
                    var eps = C(a.GetFloat("epsilon", 1e-5f));
                    var scale = b.Div(ins[1]!, b.Sqrt(b.Add(ins[4]!, eps)));
                    return b.Add(b.Mul(b.Sub(x, ins[3]!), scale), ins[2]!);
                }

            case "QuantizeLinear":
                {
                    var scale = ins[1]!;
                    var q = b.RoundEven(b.Div(b.Cast(x, scale.Type.Scalar), scale));
                    if (ins.Count > 2 && ins[2] is { } zp)
                    {
                        q = b.Add(q, b.Cast(zp, scale.Type.Scalar));
                    }

                    return b.CastSat(q, outType.Scalar);
                }

            case "DequantizeLinear":
                {
                    var scale = ins[1]!;
                    var v = b.Cast(x, scale.Type.Scalar);
                    if (ins.Count > 2 && ins[2] is { } zp)
                    {
                        v = b.Sub(v, b.Cast(zp, scale.Type.Scalar));
                    }

                    return b.Cast(b.Mul(v, scale), outType.Scalar);
                }

            default:
                throw new InvalidOperationException($"'{n.OpType}' is not elementwise");
        }

        KernelValue Fold(IReadOnlyList<KernelValue?> values, Func<KernelValue, KernelValue, KernelValue> f)
        {
            var acc = values[0]!;
            for (var i = 1; i < values.Count; i++)
            {
                acc = f(acc, values[i]!);
            }

            return acc;
        }
    }

    /// <summary>The kernel type of an element type with <paramref name="lanes"/> lanes.</summary>
    public static KernelType Typed(ElementType type, int lanes) =>
        KernelType.TryFromElementType(type, out var k) ? KernelType.Of(k).WithLanes(lanes) : throw new InvalidOperationException($"no kernel type for {type}");

    /// <summary>The normalized quantization axis (-1 for per-tensor) and block size, or null when the form is unsupported.</summary>
    public static (int Axis, long Block)? QuantAxis(LNode n)
    {
        var x = n.Inputs[0]!;
        var scale = n.Input(1);
        if (scale is null)
        {
            return null;
        }

        var block = n.Attributes.GetInt("block_size", 0);
        if (scale.ElementCount == 1 && block == 0)
        {
            return (-1, 0);
        }

        if (!ShapeHelpers.TryNormalizeAxis(n.Attributes.GetInt("axis", 1), x.Shape.Length, out var axis))
        {
            return null;
        }

        if (block > 0)
        {
            return scale.Shape.Length == x.Shape.Length ? (axis, block) : null;
        }

        return scale.Shape.Length == 1 && scale.Shape[0] == x.Shape[axis] ? (axis, 0) : null;
    }

    private static KernelValue Softplus(KernelBuilder b, KernelValue x)
    {
        var zero = b.Const(x.Type, 0.0);
        var one = b.Const(x.Type, 1.0);
        return b.Add(b.Max(x, zero), b.Log(b.Add(one, b.Exp(b.Neg(b.Abs(x))))));
    }
}
