using System.Collections.Frozen;

namespace Qc.Ir.Kernel;

/// <summary>How the verifier types an opcode's operands and result.</summary>
public enum OpShape
{
    /// <summary>No operands (const).</summary>
    Nullary,

    /// <summary>Operands and result share one type.</summary>
    SameType,

    /// <summary>Two operands of one type; result i1 with their lanes.</summary>
    Compare,

    /// <summary>Cond i1, then two operands of the result type.</summary>
    Select,

    /// <summary>One operand of any type with the result's lanes.</summary>
    Convert,

    /// <summary>Reads a buffer at an i64 index.</summary>
    Memory,

    /// <summary>Scalar to vector.</summary>
    Broadcast,

    /// <summary>Vector to scalar.</summary>
    Reduce,

    /// <summary>Two integers of one type to a wider integer type.</summary>
    Widen,
}

/// <summary>What kinds of element an opcode accepts.</summary>
[Flags]
public enum OpDomain
{
    /// <summary>No restriction.</summary>
    None = 0,

    /// <summary>Integer types.</summary>
    Integer = 1,

    /// <summary>Float types.</summary>
    Float = 2,

    /// <summary>i1.</summary>
    Bool = 4,

    /// <summary>Any numeric type or bool.</summary>
    Any = Integer | Float | Bool,
}

/// <summary>Static facts of an opcode: text mnemonic, operand count and typing rule.</summary>
/// <param name="Opcode">The opcode.</param>
/// <param name="Mnemonic">The name after <c>kernel.</c> in text (<c>add</c>, <c>cmp_lt</c>, <c>reduce_add</c>).</param>
/// <param name="Arity">Number of value operands.</param>
/// <param name="Shape">Typing rule.</param>
/// <param name="Domain">Element kinds the operands (of the typing rule) may have.</param>
public sealed record OpcodeInfo(Opcode Opcode, string Mnemonic, int Arity, OpShape Shape, OpDomain Domain)
{
    private static readonly OpcodeInfo[] s_table = Build();
    private static readonly FrozenDictionary<string, OpcodeInfo> s_byMnemonic = s_table.ToFrozenDictionary(i => i.Mnemonic, StringComparer.Ordinal);

    /// <summary>Every opcode's facts, in enum order.</summary>
    public static IReadOnlyList<OpcodeInfo> All => s_table;

    /// <summary>The facts of one opcode.</summary>
    public static OpcodeInfo Of(Opcode opcode) => s_table[(int)opcode];

    /// <summary>Finds an opcode by mnemonic (without the <c>kernel.</c> prefix).</summary>
    public static bool TryParse(string mnemonic, out OpcodeInfo info)
    {
        if (s_byMnemonic.TryGetValue(mnemonic, out var i))
        {
            info = i;
            return true;
        }

        info = s_table[0];
        return false;
    }

    private static OpcodeInfo[] Build()
    {
        const OpDomain num = OpDomain.Integer | OpDomain.Float;
        OpcodeInfo[] t =
        [
            new(Opcode.Const, "const", 0, OpShape.Nullary, OpDomain.Any),
            new(Opcode.Add, "add", 2, OpShape.SameType, num),
            new(Opcode.Sub, "sub", 2, OpShape.SameType, num),
            new(Opcode.Mul, "mul", 2, OpShape.SameType, num),
            new(Opcode.Div, "div", 2, OpShape.SameType, num),
            new(Opcode.Rem, "rem", 2, OpShape.SameType, num),
            new(Opcode.Neg, "neg", 1, OpShape.SameType, num),
            new(Opcode.Abs, "abs", 1, OpShape.SameType, num),
            new(Opcode.Min, "min", 2, OpShape.SameType, num),
            new(Opcode.Max, "max", 2, OpShape.SameType, num),
            new(Opcode.Fma, "fma", 3, OpShape.SameType, OpDomain.Float),
            new(Opcode.CmpEq, "cmp_eq", 2, OpShape.Compare, OpDomain.Any),
            new(Opcode.CmpNe, "cmp_ne", 2, OpShape.Compare, OpDomain.Any),
            new(Opcode.CmpLt, "cmp_lt", 2, OpShape.Compare, num),
            new(Opcode.CmpLe, "cmp_le", 2, OpShape.Compare, num),
            new(Opcode.CmpGt, "cmp_gt", 2, OpShape.Compare, num),
            new(Opcode.CmpGe, "cmp_ge", 2, OpShape.Compare, num),
            new(Opcode.Select, "select", 3, OpShape.Select, OpDomain.Any),
            new(Opcode.Cast, "cast", 1, OpShape.Convert, OpDomain.Any),
            new(Opcode.CastSat, "cast_sat", 1, OpShape.Convert, num),
            new(Opcode.And, "and", 2, OpShape.SameType, OpDomain.Integer | OpDomain.Bool),
            new(Opcode.Or, "or", 2, OpShape.SameType, OpDomain.Integer | OpDomain.Bool),
            new(Opcode.Xor, "xor", 2, OpShape.SameType, OpDomain.Integer | OpDomain.Bool),
            new(Opcode.Shl, "shl", 2, OpShape.SameType, OpDomain.Integer),
            new(Opcode.Shr, "shr", 2, OpShape.SameType, OpDomain.Integer),
            new(Opcode.AShr, "ashr", 2, OpShape.SameType, OpDomain.Integer),
            new(Opcode.Exp, "exp", 1, OpShape.SameType, OpDomain.Float),
            new(Opcode.Log, "log", 1, OpShape.SameType, OpDomain.Float),
            new(Opcode.Sqrt, "sqrt", 1, OpShape.SameType, OpDomain.Float),
            new(Opcode.Rsqrt, "rsqrt", 1, OpShape.SameType, OpDomain.Float),
            new(Opcode.Tanh, "tanh", 1, OpShape.SameType, OpDomain.Float),
            new(Opcode.Erf, "erf", 1, OpShape.SameType, OpDomain.Float),
            new(Opcode.Pow, "pow", 2, OpShape.SameType, OpDomain.Float),
            new(Opcode.Floor, "floor", 1, OpShape.SameType, OpDomain.Float),
            new(Opcode.Ceil, "ceil", 1, OpShape.SameType, OpDomain.Float),
            new(Opcode.RoundEven, "round_even", 1, OpShape.SameType, OpDomain.Float),
            new(Opcode.Load, "load", 1, OpShape.Memory, OpDomain.Any),
            new(Opcode.VLoad, "vload", 1, OpShape.Memory, OpDomain.Any),
            new(Opcode.Broadcast, "broadcast", 1, OpShape.Broadcast, OpDomain.Any),
            new(Opcode.ReduceAdd, "reduce_add", 1, OpShape.Reduce, num),
            new(Opcode.ReduceMax, "reduce_max", 1, OpShape.Reduce, num),
            new(Opcode.ReduceMin, "reduce_min", 1, OpShape.Reduce, num),
            new(Opcode.MulWide, "mul_wide", 2, OpShape.Widen, OpDomain.Integer),
            new(Opcode.VLoadStrided, "vload_strided", 1, OpShape.Memory, OpDomain.Any),
        ];
        for (var i = 0; i < t.Length; i++)
        {
            if ((int)t[i].Opcode != i)
            {
                throw new InvalidOperationException($"opcode table out of order at {t[i].Opcode}");
            }
        }

        return t;
    }
}
