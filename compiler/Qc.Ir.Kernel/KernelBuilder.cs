using System.Collections.Immutable;

namespace Qc.Ir.Kernel;

/// <summary>Appends statements to a kernel body: constants, arithmetic, loads and stores, loops and ifs.</summary>
/// <remarks>
/// Statements go to the current block: the kernel body, or the body of the loop or branch whose lambda is running.
/// Constants are hoisted to the start of the kernel body and shared (one <c>kernel.const</c> per type and value), so they
/// dominate every use. Type mistakes throw <see cref="ArgumentException"/> at the call, not later in the verifier.
/// <code>
/// var b = new KernelBuilder(module.AddKernel("axpy", x, y));
/// var a = b.F32(2f);
/// b.For(0, n, 1, i => b.Store(y, i, b.Fma(a, b.Load(x, i), b.Load(y, i))), parallel: true);
/// var sum = b.For(0, n, 1, b.F32(0f), (i, acc) => b.Add(acc, b.Mul(b.Load(x, i), b.Load(y, i))));
/// </code>
/// </remarks>
public sealed class KernelBuilder
{
    private static readonly string[] s_loopNames = ["i", "j", "k", "l", "m", "n"];
    private readonly Stack<KernelBlock> _blocks = new();
    private readonly Dictionary<(KernelType, long), KernelValue> _constants = [];
    private int _constantCount;

    /// <summary>Creates a builder appending to the end of <paramref name="kernel"/>'s body.</summary>
    public KernelBuilder(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Kernel = kernel;
        _blocks.Push(kernel.Body);
        foreach (var s in kernel.Body.Statements)
        {
            if (s is not KernelOp { Opcode: Opcode.Const } c)
            {
                break;
            }

            _constants.TryAdd(ConstKey(c.Result.Type, c), c.Result);
            _constantCount++;
        }
    }

    /// <summary>The kernel being built.</summary>
    public Kernel Kernel { get; }

    /// <summary>The block statements are appended to.</summary>
    public KernelBlock Block => _blocks.Peek();

    /// <summary>True while inside a loop body (a loop created now cannot be parallel).</summary>
    public int LoopDepth { get; private set; }

    // ---- constants ----

    /// <summary>An i64 constant (indexes, bounds).</summary>
    public KernelValue Index(long value) => Const(KernelType.I64, value);

    /// <summary>An f32 constant.</summary>
    public KernelValue F32(float value) => Const(KernelType.F32, value);

    /// <summary>An i32 constant.</summary>
    public KernelValue I32(int value) => Const(KernelType.I32, value);

    /// <summary>An i1 constant.</summary>
    public KernelValue Bool(bool value) => Const(KernelType.I1, value ? 1 : 0);

    /// <summary>A constant of any type (vector types give a splat); integers wrap to the type, floats round to it.</summary>
    public KernelValue Const(KernelType type, long value)
    {
        if (type.IsFloat)
        {
            return Const(type, (double)value);
        }

        var op = new KernelOp(Opcode.Const, type, []) { IntValue = Numerics.Wrap(type.Scalar, value) };
        return AddConstant(op);
    }

    /// <summary>A constant of any type; for integer types the value is truncated toward zero (saturating).</summary>
    public KernelValue Const(KernelType type, double value)
    {
        if (!type.IsFloat)
        {
            return Const(type, type.IsBool ? Numerics.FloatToBool(value) : Numerics.FloatToIntTruncSat(type.Scalar, value));
        }

        var op = new KernelOp(Opcode.Const, type, []) { FloatValue = Numerics.RoundFloat(type.Scalar, value) };
        return AddConstant(op);
    }

    // ---- memory ----

    /// <summary><c>kernel.load @buf[index]</c>: one element.</summary>
    public KernelValue Load(KernelBuffer buffer, IndexArg index)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return Emit(new KernelOp(Opcode.Load, buffer.ValueType, [Idx(index)], buffer));
    }

    /// <summary><c>kernel.vload @buf[index]</c>: <paramref name="lanes"/> contiguous elements as a vector.</summary>
    public KernelValue VLoad(KernelBuffer buffer, IndexArg index, int lanes)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return Emit(new KernelOp(Opcode.VLoad, buffer.ValueType.WithLanes(lanes), [Idx(index)], buffer));
    }

    /// <summary><c>kernel.vload_strided @buf[index], stride</c>: lane i is element index + i·<paramref name="stride"/>
    /// (a plain <see cref="VLoad(KernelBuffer, IndexArg, int)"/> for stride 1).</summary>
    public KernelValue VLoad(KernelBuffer buffer, IndexArg index, int lanes, long stride)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        if (stride == 1)
        {
            return VLoad(buffer, index, lanes);
        }

        var op = new KernelOp(Opcode.VLoadStrided, buffer.ValueType.WithLanes(lanes), [Idx(index)], buffer) { IntValue = stride };
        return Emit(op);
    }

    /// <summary><c>kernel.store</c>: one element, or lanes contiguous elements for a vector value.</summary>
    public StoreOp Store(KernelBuffer buffer, IndexArg index, KernelValue value)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Type.Element != buffer.ValueType)
        {
            throw new ArgumentException($"cannot store {value.Type} into buffer '{buffer.Name}' of {buffer.ValueType}", nameof(value));
        }

        var s = new StoreOp(buffer, Idx(index), value);
        Block.Statements.Add(s);
        return s;
    }

    // ---- index arithmetic ----

    /// <summary>The row-major flat index of <paramref name="indices"/> in an array of <paramref name="shape"/>: Σ index_k · stride_k.</summary>
    public KernelValue FlatIndex(ReadOnlySpan<long> shape, params ReadOnlySpan<IndexArg> indices)
    {
        if (shape.Length != indices.Length)
        {
            throw new ArgumentException($"{indices.Length} indices for a shape of rank {shape.Length}", nameof(indices));
        }

        var terms = new (IndexArg, long)[shape.Length];
        long stride = 1;
        for (var k = shape.Length - 1; k >= 0; k--)
        {
            terms[k] = (indices[k], stride);
            stride *= shape[k];
        }

        return Affine(0, terms);
    }

    /// <summary>The row-major flat index into <paramref name="buffer"/> of one index per dimension.</summary>
    public KernelValue FlatIndex(KernelBuffer buffer, params ReadOnlySpan<IndexArg> indices)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return FlatIndex(buffer.Shape.AsSpan(), indices);
    }

    /// <summary><c>offset + Σ value_k · scale_k</c> in i64, skipping zero scales and multiplications by one, folding constants.</summary>
    public KernelValue Affine(long offset, params ReadOnlySpan<(IndexArg Value, long Scale)> terms)
    {
        KernelValue? acc = null;
        var constant = offset;
        foreach (var (v, scale) in terms)
        {
            if (scale == 0)
            {
                continue;
            }

            if (v.Value is null)
            {
                constant += v.Constant * scale;
                continue;
            }

            var term = scale == 1 ? Idx(v) : Mul(Idx(v), Index(scale));
            acc = acc is null ? term : Add(acc, term);
        }

        if (acc is null)
        {
            return Index(constant);
        }

        return constant == 0 ? acc : Add(acc, Index(constant));
    }

    // ---- arithmetic ----

    /// <summary><c>a + b</c>.</summary>
    public KernelValue Add(KernelValue a, KernelValue b) => Binary(Opcode.Add, a, b);

    /// <summary><c>a + c</c> with a constant of a's type.</summary>
    public KernelValue Add(KernelValue a, long c) => Binary(Opcode.Add, a, Const(Typed(a).Type, c));

    /// <summary><c>a - b</c>.</summary>
    public KernelValue Sub(KernelValue a, KernelValue b) => Binary(Opcode.Sub, a, b);

    /// <summary><c>a - c</c> with a constant of a's type.</summary>
    public KernelValue Sub(KernelValue a, long c) => Binary(Opcode.Sub, a, Const(Typed(a).Type, c));

    /// <summary><c>a * b</c>.</summary>
    public KernelValue Mul(KernelValue a, KernelValue b) => Binary(Opcode.Mul, a, b);

    /// <summary><c>a * c</c> with a constant of a's type.</summary>
    public KernelValue Mul(KernelValue a, long c) => Binary(Opcode.Mul, a, Const(Typed(a).Type, c));

    /// <summary><c>a / b</c> (integers truncate toward zero).</summary>
    public KernelValue Div(KernelValue a, KernelValue b) => Binary(Opcode.Div, a, b);

    /// <summary><c>a / c</c> with a constant of a's type.</summary>
    public KernelValue Div(KernelValue a, long c) => Binary(Opcode.Div, a, Const(Typed(a).Type, c));

    /// <summary>Remainder with the sign of <paramref name="a"/>.</summary>
    public KernelValue Rem(KernelValue a, KernelValue b) => Binary(Opcode.Rem, a, b);

    /// <summary>Remainder by a constant of a's type.</summary>
    public KernelValue Rem(KernelValue a, long c) => Binary(Opcode.Rem, a, Const(Typed(a).Type, c));

    /// <summary>IEEE minimum (NaN propagates).</summary>
    public KernelValue Min(KernelValue a, KernelValue b) => Binary(Opcode.Min, a, b);

    /// <summary>IEEE maximum (NaN propagates).</summary>
    public KernelValue Max(KernelValue a, KernelValue b) => Binary(Opcode.Max, a, b);

    /// <summary><c>a ** b</c> (floats).</summary>
    public KernelValue Pow(KernelValue a, KernelValue b) => Binary(Opcode.Pow, a, b);

    /// <summary>Bitwise and.</summary>
    public KernelValue And(KernelValue a, KernelValue b) => Binary(Opcode.And, a, b);

    /// <summary>Bitwise or.</summary>
    public KernelValue Or(KernelValue a, KernelValue b) => Binary(Opcode.Or, a, b);

    /// <summary>Bitwise xor.</summary>
    public KernelValue Xor(KernelValue a, KernelValue b) => Binary(Opcode.Xor, a, b);

    /// <summary>Shift left (amount modulo the bit width).</summary>
    public KernelValue Shl(KernelValue a, KernelValue b) => Binary(Opcode.Shl, a, b);

    /// <summary>Logical shift right.</summary>
    public KernelValue Shr(KernelValue a, KernelValue b) => Binary(Opcode.Shr, a, b);

    /// <summary>Arithmetic shift right.</summary>
    public KernelValue AShr(KernelValue a, KernelValue b) => Binary(Opcode.AShr, a, b);

    /// <summary><c>a * b + c</c>, fused (floats).</summary>
    public KernelValue Fma(KernelValue a, KernelValue b, KernelValue c)
    {
        SameTypes(Opcode.Fma, a, b, c);
        return Emit(new KernelOp(Opcode.Fma, a.Type, [a, b, c]));
    }

    /// <summary>Negation.</summary>
    public KernelValue Neg(KernelValue a) => Unary(Opcode.Neg, a);

    /// <summary>Absolute value.</summary>
    public KernelValue Abs(KernelValue a) => Unary(Opcode.Abs, a);

    /// <summary>e^a.</summary>
    public KernelValue Exp(KernelValue a) => Unary(Opcode.Exp, a);

    /// <summary>Natural logarithm.</summary>
    public KernelValue Log(KernelValue a) => Unary(Opcode.Log, a);

    /// <summary>Square root.</summary>
    public KernelValue Sqrt(KernelValue a) => Unary(Opcode.Sqrt, a);

    /// <summary>1 / sqrt(a).</summary>
    public KernelValue Rsqrt(KernelValue a) => Unary(Opcode.Rsqrt, a);

    /// <summary>Hyperbolic tangent.</summary>
    public KernelValue Tanh(KernelValue a) => Unary(Opcode.Tanh, a);

    /// <summary>The error function.</summary>
    public KernelValue Erf(KernelValue a) => Unary(Opcode.Erf, a);

    /// <summary>Round toward negative infinity.</summary>
    public KernelValue Floor(KernelValue a) => Unary(Opcode.Floor, a);

    /// <summary>Round toward positive infinity.</summary>
    public KernelValue Ceil(KernelValue a) => Unary(Opcode.Ceil, a);

    /// <summary>Round to nearest, ties to even.</summary>
    public KernelValue RoundEven(KernelValue a) => Unary(Opcode.RoundEven, a);

    /// <summary>1 / (1 + e^-a), written with neg, exp, add and div (there is no sigmoid op).</summary>
    public KernelValue Sigmoid(KernelValue a)
    {
        var one = Const(Typed(a).Type, 1.0);
        return Div(one, Add(one, Exp(Neg(a))));
    }

    // ---- comparisons, select, conversions ----

    /// <summary>A comparison (<see cref="Opcode.CmpEq"/> ... <see cref="Opcode.CmpGe"/>); i1 per lane.</summary>
    public KernelValue Cmp(Opcode comparison, KernelValue a, KernelValue b)
    {
        if (OpcodeInfo.Of(comparison).Shape != OpShape.Compare)
        {
            throw new ArgumentException($"{comparison} is not a comparison", nameof(comparison));
        }

        SameTypes(comparison, a, b);
        return Emit(new KernelOp(comparison, KernelType.I1.WithLanes(a.Type.Lanes), [a, b]));
    }

    /// <summary><c>a == b</c>.</summary>
    public KernelValue Eq(KernelValue a, KernelValue b) => Cmp(Opcode.CmpEq, a, b);

    /// <summary><c>a != b</c> (true when either is NaN).</summary>
    public KernelValue Ne(KernelValue a, KernelValue b) => Cmp(Opcode.CmpNe, a, b);

    /// <summary><c>a &lt; b</c>.</summary>
    public KernelValue Lt(KernelValue a, KernelValue b) => Cmp(Opcode.CmpLt, a, b);

    /// <summary><c>a &lt;= b</c>.</summary>
    public KernelValue Le(KernelValue a, KernelValue b) => Cmp(Opcode.CmpLe, a, b);

    /// <summary><c>a &gt; b</c>.</summary>
    public KernelValue Gt(KernelValue a, KernelValue b) => Cmp(Opcode.CmpGt, a, b);

    /// <summary><c>a &gt;= b</c>.</summary>
    public KernelValue Ge(KernelValue a, KernelValue b) => Cmp(Opcode.CmpGe, a, b);

    /// <summary><c>cond ? a : b</c> (per lane for a vector condition).</summary>
    public KernelValue Select(KernelValue cond, KernelValue a, KernelValue b)
    {
        SameTypes(Opcode.Select, a, b);
        if (!Typed(cond).Type.IsBool || (cond.Type.Lanes != 1 && cond.Type.Lanes != a.Type.Lanes))
        {
            throw new ArgumentException($"select condition must be i1 or i1 per lane, not {cond.Type}", nameof(cond));
        }

        return Emit(new KernelOp(Opcode.Select, a.Type, [cond, a, b]));
    }

    /// <summary>Converts to <paramref name="to"/> (scalar kind; a vector keeps its lanes). See <see cref="Opcode.Cast"/>.</summary>
    public KernelValue Cast(KernelValue a, ScalarKind to) =>
        Typed(a).Type.Scalar == to ? a : Emit(new KernelOp(Opcode.Cast, KernelType.Of(to).WithLanes(a.Type.Lanes), [a]));

    /// <summary>Saturating conversion to an integer kind, rounding floats half to even (quantization).</summary>
    public KernelValue CastSat(KernelValue a, ScalarKind to) =>
        Emit(new KernelOp(Opcode.CastSat, KernelType.Of(to).WithLanes(Typed(a).Type.Lanes), [a]));

    /// <summary>The exact product of two integers of one type as the wider integer kind <paramref name="to"/>.</summary>
    public KernelValue MulWide(KernelValue a, KernelValue b, ScalarKind to)
    {
        SameTypes(Opcode.MulWide, a, b);
        return Emit(new KernelOp(Opcode.MulWide, KernelType.Of(to).WithLanes(a.Type.Lanes), [a, b]));
    }

    // ---- vectors ----

    /// <summary>A scalar in every one of <paramref name="lanes"/> lanes.</summary>
    public KernelValue Broadcast(KernelValue a, int lanes) =>
        Emit(new KernelOp(Opcode.Broadcast, Typed(a).Type.WithLanes(lanes), [a]));

    /// <summary>Sum of the lanes in lane order.</summary>
    public KernelValue ReduceAdd(KernelValue v) => Reduce(Opcode.ReduceAdd, v);

    /// <summary>Largest lane.</summary>
    public KernelValue ReduceMax(KernelValue v) => Reduce(Opcode.ReduceMax, v);

    /// <summary>Smallest lane.</summary>
    public KernelValue ReduceMin(KernelValue v) => Reduce(Opcode.ReduceMin, v);

    /// <summary>Appends any op with an explicit result type (no checks here; the verifier checks).</summary>
    public KernelValue Op(Opcode opcode, KernelType resultType, params ReadOnlySpan<KernelValue> operands)
    {
        if (opcode == Opcode.Const)
        {
            throw new ArgumentException("use Const for constants", nameof(opcode));
        }

        return Emit(new KernelOp(opcode, resultType, [.. operands]));
    }

    // ---- structure ----

    /// <summary><c>for %i = lo to hi step step</c> running <paramref name="body"/> (given the induction variable) to fill the loop.</summary>
    /// <param name="lo">First value.</param>
    /// <param name="hi">Exclusive bound.</param>
    /// <param name="step">Positive increment.</param>
    /// <param name="body">Appends the body's statements.</param>
    /// <param name="parallel">Iterations are independent (only for a loop outside every other loop).</param>
    /// <param name="vectorize">Vectorization hint (lanes), 0 for none.</param>
    /// <param name="unroll">Unroll hint, 0 for none.</param>
    /// <param name="name">Name hint for the induction variable.</param>
    public ForOp For(IndexArg lo, IndexArg hi, IndexArg step, Action<KernelValue> body, bool parallel = false, int vectorize = 0, int unroll = 0, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var loop = NewLoop(lo, hi, step, [], parallel, vectorize, unroll, name);
        InBlock(loop.Body, () => body(loop.InductionVar), loop: true);
        Block.Statements.Add(loop);
        return loop;
    }

    /// <summary>A loop carrying one value: <paramref name="body"/> gets the induction variable and the current value and
    /// returns the next; the result is the value after the last iteration (<paramref name="init"/> if none ran).</summary>
    public KernelValue For(IndexArg lo, IndexArg hi, IndexArg step, KernelValue init, Func<KernelValue, KernelValue, KernelValue> body, int vectorize = 0, int unroll = 0, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return For(lo, hi, step, [init], (i, acc) => [body(i, acc[0])], vectorize, unroll, name)[0];
    }

    /// <summary>A loop carrying several values (<c>iter_args</c>); returns the loop's results.</summary>
    public ImmutableArray<KernelValue> For(IndexArg lo, IndexArg hi, IndexArg step, IReadOnlyList<KernelValue> inits, Func<KernelValue, ImmutableArray<KernelValue>, IReadOnlyList<KernelValue>> body, int vectorize = 0, int unroll = 0, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(inits);
        ArgumentNullException.ThrowIfNull(body);
        var loop = NewLoop(lo, hi, step, [.. inits], false, vectorize, unroll, name);
        for (var k = 0; k < loop.IterArgs.Length; k++)
        {
            loop.IterArgs[k].NameHint = "acc";
        }

        InBlock(loop.Body, () => Yield(loop.Body, loop.Inits.Select(v => v.Type), body(loop.InductionVar, loop.IterArgs)), loop: true);
        Block.Statements.Add(loop);
        return loop.Results;
    }

    /// <summary>A loop nest over <paramref name="extents"/> (each from 0, step 1), outermost first; <paramref name="body"/>
    /// gets one induction variable per extent. With <paramref name="parallel"/> the outermost loop is parallel.</summary>
    /// <remarks>An empty <paramref name="extents"/> runs the body once with no indices (a scalar tensor).</remarks>
    public void ForEach(ReadOnlySpan<long> extents, Action<ImmutableArray<KernelValue>> body, bool parallel = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        var dims = extents.ToArray();
        var indices = new KernelValue[dims.Length];
        void Level(int k)
        {
            if (k == dims.Length)
            {
                body([.. indices]);
                return;
            }

            For(0, dims[k], 1, i =>
            {
                indices[k] = i;
                Level(k + 1);
            }, parallel: parallel && k == 0, name: k < s_loopNames.Length ? s_loopNames[k] : "i");
        }

        Level(0);
    }

    /// <summary><c>min(max(a, lo), hi)</c>.</summary>
    public KernelValue Clamp(KernelValue a, KernelValue lo, KernelValue hi) => Min(Max(a, lo), hi);

    /// <summary><c>kernel.if cond { then } else { otherwise }</c> without results.</summary>
    public IfOp If(KernelValue cond, Action then, Action? otherwise = null)
    {
        ArgumentNullException.ThrowIfNull(then);
        CheckCond(cond);
        var op = new IfOp(cond, []);
        InBlock(op.Then, then, loop: false);
        if (otherwise is not null)
        {
            InBlock(op.Else, otherwise, loop: false);
        }

        Block.Statements.Add(op);
        return op;
    }

    /// <summary>An if yielding one value from each branch; returns the value of the branch that ran.</summary>
    public KernelValue If(KernelValue cond, Func<KernelValue> then, Func<KernelValue> otherwise)
    {
        ArgumentNullException.ThrowIfNull(then);
        ArgumentNullException.ThrowIfNull(otherwise);
        return If(cond, () => [then()], () => [otherwise()])[0];
    }

    /// <summary>An if yielding several values from each branch (same types in both).</summary>
    public ImmutableArray<KernelValue> If(KernelValue cond, Func<IReadOnlyList<KernelValue>> then, Func<IReadOnlyList<KernelValue>> otherwise)
    {
        ArgumentNullException.ThrowIfNull(then);
        ArgumentNullException.ThrowIfNull(otherwise);
        CheckCond(cond);
        var thenBlock = new KernelBlock();
        IReadOnlyList<KernelValue> thenValues = [];
        InBlock(thenBlock, () => thenValues = then(), loop: false);
        var op = new IfOp(cond, [.. thenValues.Select(v => v.Type)]);
        op.Then.Statements.AddRange(thenBlock.Statements);
        op.Then.Yield.AddRange(thenValues);
        InBlock(op.Else, () => Yield(op.Else, op.Results.Select(r => r.Type), otherwise()), loop: false);
        Block.Statements.Add(op);
        return op.Results;
    }

    private ForOp NewLoop(IndexArg lo, IndexArg hi, IndexArg step, ImmutableArray<KernelValue> inits, bool parallel, int vectorize, int unroll, string? name)
    {
        if (parallel && LoopDepth > 0)
        {
            throw new ArgumentException("only a loop outside every other loop can be parallel", nameof(parallel));
        }

        if (step.Value is null && step.Constant <= 0)
        {
            throw new ArgumentException($"loop step must be positive, not {step.Constant}", nameof(step));
        }

        return new ForOp(Idx(lo), Idx(hi), Idx(step), inits, name ?? "i")
        {
            Parallel = parallel,
            Vectorize = vectorize,
            Unroll = unroll,
        };
    }

    private void InBlock(KernelBlock block, Action fill, bool loop)
    {
        _blocks.Push(block);
        if (loop)
        {
            LoopDepth++;
        }

        try
        {
            fill();
        }
        finally
        {
            if (loop)
            {
                LoopDepth--;
            }

            _blocks.Pop();
        }
    }

    private static void Yield(KernelBlock block, IEnumerable<KernelType> types, IReadOnlyList<KernelValue> values)
    {
        var expected = types.ToList();
        if (values.Count != expected.Count)
        {
            throw new ArgumentException($"the body yields {values.Count} values, expected {expected.Count}");
        }

        for (var k = 0; k < values.Count; k++)
        {
            if (values[k].Type != expected[k])
            {
                throw new ArgumentException($"yielded value {k} is {values[k].Type}, expected {expected[k]}");
            }
        }

        block.Yield.AddRange(values);
    }

    private static void CheckCond(KernelValue cond)
    {
        if (Typed(cond).Type != KernelType.I1)
        {
            throw new ArgumentException($"condition must be i1, not {cond.Type}", nameof(cond));
        }
    }

    private KernelValue Idx(IndexArg a)
    {
        if (a.Value is null)
        {
            return Index(a.Constant);
        }

        if (a.Value.Type != KernelType.I64)
        {
            throw new ArgumentException($"an index must be i64, not {a.Value.Type}", nameof(a));
        }

        return a.Value;
    }

    private KernelValue Binary(Opcode opcode, KernelValue a, KernelValue b)
    {
        SameTypes(opcode, a, b);
        return Emit(new KernelOp(opcode, a.Type, [a, b]));
    }

    private KernelValue Unary(Opcode opcode, KernelValue a) => Emit(new KernelOp(opcode, Typed(a).Type, [a]));

    private KernelValue Reduce(Opcode opcode, KernelValue v)
    {
        if (!Typed(v).Type.IsVector)
        {
            throw new ArgumentException($"{opcode} needs a vector, not {v.Type}", nameof(v));
        }

        return Emit(new KernelOp(opcode, v.Type.Element, [v]));
    }

    private static KernelValue Typed(KernelValue v) => v ?? throw new ArgumentNullException(nameof(v));

    private static void SameTypes(Opcode opcode, params ReadOnlySpan<KernelValue> values)
    {
        foreach (var v in values)
        {
            if (Typed(v).Type != values[0].Type)
            {
                throw new ArgumentException($"{OpcodeInfo.Of(opcode).Mnemonic}: operand types differ ({values[0].Type} and {v.Type})");
            }
        }
    }

    private KernelValue Emit(KernelOp op)
    {
        Block.Statements.Add(op);
        return op.Result;
    }

    private KernelValue AddConstant(KernelOp op)
    {
        var key = ConstKey(op.Result.Type, op);
        if (_constants.TryGetValue(key, out var existing))
        {
            return existing;
        }

        if (op.Result.Type == KernelType.I64)
        {
            op.Result.NameHint = op.IntValue >= 0 ? "c" + op.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "cm" + (-op.IntValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Kernel.Body.Statements.Insert(_constantCount++, op);
        _constants[key] = op.Result;
        return op.Result;
    }

    private static (KernelType, long) ConstKey(KernelType type, KernelOp op) =>
        (type, type.IsFloat ? BitConverter.DoubleToInt64Bits(op.FloatValue) : op.IntValue);
}
