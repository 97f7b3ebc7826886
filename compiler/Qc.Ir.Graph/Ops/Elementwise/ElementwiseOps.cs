namespace Qc.Ir.Graph;

/// <summary>Registers elementwise ops: unary math and activations, binary arithmetic, logic and comparison, variadic, Where.</summary>
internal static class ElementwiseOps
{
    private static readonly (string OpType, string Mnemonic, string Attributes)[] s_unary =
    [
        ("Abs", "abs", ""), ("Acos", "acos", ""), ("Acosh", "acosh", ""), ("Asin", "asin", ""), ("Asinh", "asinh", ""),
        ("Atan", "atan", ""), ("Atanh", "atanh", ""), ("Ceil", "ceil", ""), ("Cos", "cos", ""), ("Cosh", "cosh", ""),
        ("Erf", "erf", ""), ("Exp", "exp", ""), ("Floor", "floor", ""), ("Identity", "identity", ""), ("Log", "log", ""),
        ("Neg", "neg", ""), ("Reciprocal", "reciprocal", ""), ("Round", "round", ""), ("Sign", "sign", ""), ("Sin", "sin", ""),
        ("Sinh", "sinh", ""), ("Sqrt", "sqrt", ""), ("Tan", "tan", ""), ("Tanh", "tanh", ""), ("Relu", "relu", ""),
        ("Sigmoid", "sigmoid", ""), ("Softplus", "softplus", ""), ("Softsign", "softsign", ""), ("Not", "not", ""),
        ("LeakyRelu", "leaky_relu", "alpha:FLOAT"), ("Elu", "elu", "alpha:FLOAT"), ("Celu", "celu", "alpha:FLOAT"),
        ("Selu", "selu", "alpha:FLOAT gamma:FLOAT"), ("ThresholdedRelu", "thresholded_relu", "alpha:FLOAT"),
        ("HardSigmoid", "hard_sigmoid", "alpha:FLOAT beta:FLOAT"), ("HardSwish", "hard_swish", ""),
        ("Shrink", "shrink", "bias:FLOAT lambd:FLOAT"), ("Gelu", "gelu", "approximate:STRING"), ("Mish", "mish", ""),
        ("IsNaN", "is_nan", ""), ("IsInf", "is_inf", "detect_negative:INT detect_positive:INT"),
        ("BitwiseNot", "bitwise_not", ""),
    ];

    private static readonly (string OpType, string Mnemonic, string Attributes)[] s_binary =
    [
        ("Add", "add", ""), ("Sub", "sub", ""), ("Mul", "mul", ""), ("Div", "div", ""), ("Pow", "pow", ""),
        ("Mod", "mod", "fmod:INT"), ("BitShift", "bit_shift", "direction:STRING!"), ("And", "and", ""), ("Or", "or", ""),
        ("Xor", "xor", ""), ("Equal", "equal", ""), ("Greater", "greater", ""), ("Less", "less", ""),
        ("GreaterOrEqual", "greater_or_equal", ""), ("LessOrEqual", "less_or_equal", ""),
        ("BitwiseAnd", "bitwise_and", ""), ("BitwiseOr", "bitwise_or", ""), ("BitwiseXor", "bitwise_xor", ""),
    ];

    public static void Register(OpRegistry r)
    {
        foreach (var (opType, mnemonic, attrs) in s_unary)
        {
            r.Add(opType, mnemonic, (1, 1), (1, 1), attrs, (s, i) => new UnaryOp(s, i));
        }

        foreach (var (opType, mnemonic, attrs) in s_binary)
        {
            r.Add(opType, mnemonic, (2, 2), (1, 1), attrs, (s, i) => new BinaryOp(s, i));
        }

        r.Add("Clip", "clip", (1, 3), (1, 1), "", (s, i) => new UnaryOp(s, i));
        r.Add("PRelu", "prelu", (2, 2), (1, 1), "", (s, i) => new BinaryOp(s, i));
        foreach (var (opType, mnemonic) in new[] { ("Max", "max"), ("Min", "min"), ("Sum", "sum"), ("Mean", "mean") })
        {
            r.Add(opType, mnemonic, (1, OpSchema.Variadic), (1, 1), "", (s, i) => new VariadicOp(s, i));
        }

        r.Add("Where", "where", (3, 3), (1, 1), "", (s, i) => new WhereOp(s, i));
    }
}
