using System.Collections.Immutable;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;
using Qc.Core.Text;
using C = Qc.Ir.Kernel.KernelDiagnosticCodes;

namespace Qc.Ir.Kernel;

/// <summary>Checks the invariants of a kernel module (specs/kernel-ir.md, "Verifier"); reports QC5220-QC5233.</summary>
/// <remarks>Never throws for a malformed module: every problem is a diagnostic, located in the parsed text when the module
/// came from the kernel IR parser.</remarks>
public static class KernelVerifier
{
    /// <summary>Verifies a module; an empty result means it is valid.</summary>
    public static ImmutableArray<Diagnostic> Verify(KernelModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var bag = new DiagnosticBag();
        VerifyBuffers(module, bag);
        var kernelNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in module.Kernels)
        {
            if (!kernelNames.Add(k.Name))
            {
                bag.Error(C.DuplicateDeclaration, Where(module, k.Span), $"kernel '{k.Name}' is declared twice", "give every kernel its own name");
            }

            new KernelChecker(module, k, bag).Run();
        }

        return [.. bag];
    }

    private static void VerifyBuffers(KernelModule module, DiagnosticBag bag)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in module.Buffers)
        {
            var at = Where(module, b.Span);
            if (!names.Add(b.Name))
            {
                bag.Error(C.DuplicateDeclaration, at, $"buffer '{b.Name}' is declared twice", "give every buffer its own name");
            }

            if (!KernelType.TryFromElementType(b.ElementType, out _))
            {
                bag.Error(C.BadBuffer, at, $"buffer '{b.Name}' has element type {b.ElementType.Name()}, which kernels do not support",
                    "use f32, f16, bf16, f64, i8, u8, i16, u16, i32, u32, i64 or i1");
            }

            if (b.Shape.Any(d => d < 0))
            {
                bag.Error(C.BadBuffer, at, $"buffer '{b.Name}' has a negative dimension");
            }

            if (b.Kind == BufferKind.Weight)
            {
                if (b.Data is null)
                {
                    bag.Error(C.BadBuffer, at, $"weight buffer '{b.Name}' has no data", "print the module with PrintWeights to keep weight contents");
                }
                else if (b.Data.ElementType != b.ElementType || b.Data.ElementCount != b.ElementCount)
                {
                    bag.Error(C.BadBuffer, at, $"the data of weight buffer '{b.Name}' is {b.Data.ElementCount} x {b.Data.ElementType.Name()}, the buffer holds {b.ElementCount} x {b.ElementType.Name()}");
                }
            }
            else if (b.Data is not null)
            {
                bag.Error(C.BadBuffer, at, $"buffer '{b.Name}' is not a weight but has data");
            }
        }
    }

    private static Location Where(KernelModule module, TextSpan? span) =>
        module.Source is { } src && span is { } s ? new SourceLocation(src, s) : Location.None;

    /// <summary>Checks one kernel: scopes for dominance, typing rules, buffers and loop rules.</summary>
    private sealed class KernelChecker(KernelModule module, Kernel kernel, DiagnosticBag bag)
    {
        private readonly HashSet<KernelValue> _visible = [];
        private readonly HashSet<KernelValue> _defined = [];
        private readonly HashSet<KernelBuffer> _params = [];
        private int _loopDepth;
        private TextSpan? _span;

        public void Run()
        {
            _span = kernel.Span;
            foreach (var p in kernel.Parameters)
            {
                if (!_params.Add(p))
                {
                    Error(C.DuplicateDeclaration, $"buffer '{p.Name}' is listed twice as a parameter");
                }

                if (p.Id >= module.Buffers.Count || !ReferenceEquals(module.Buffers[p.Id], p))
                {
                    Error(C.NotAParameter, $"parameter '{p.Name}' is not a buffer of this module");
                }
            }

            Block(kernel.Body, [], "the kernel body");
        }

        private void Block(KernelBlock block, ImmutableArray<KernelValue> entry, string owner, ImmutableArray<KernelType>? yieldTypes = null)
        {
            var added = new List<KernelValue>();
            foreach (var v in entry)
            {
                Define(v, added);
            }

            foreach (var s in block.Statements)
            {
                _span = s.Span;
                Stmt(s, added);
            }

            _span = block.YieldSpan ?? _span;
            foreach (var v in block.Yield)
            {
                Use(v, "kernel.yield");
            }

            var expected = yieldTypes ?? [];
            if (block.Yield.Count != expected.Length)
            {
                Error(C.YieldMismatch, $"{owner} yields {block.Yield.Count} values, expected {expected.Length}");
            }
            else
            {
                for (var k = 0; k < expected.Length; k++)
                {
                    if (block.Yield[k].Type != expected[k])
                    {
                        Error(C.YieldMismatch, $"{owner} yields {block.Yield[k].Type} as value {k}, expected {expected[k]}");
                    }
                }
            }

            foreach (var v in added)
            {
                _visible.Remove(v);
            }
        }

        private void Stmt(KernelStmt s, List<KernelValue> added)
        {
            switch (s)
            {
                case KernelOp op:
                    Op(op);
                    Define(op.Result, added);
                    break;
                case StoreOp st:
                    Use(st.Index, "kernel.store");
                    Use(st.Value, "kernel.store");
                    IndexOperand(st.Index, "store index");
                    BufferUse(st.Buffer);
                    if (!st.Buffer.IsWritable)
                    {
                        Error(C.ReadOnlyBuffer, $"kernel.store writes {st.Buffer.Kind.ToString().ToLowerInvariant()} buffer '{st.Buffer.Name}', which is read-only",
                            "store into an output or temp buffer");
                    }

                    if (st.Value.Type.Element != st.Buffer.ValueType)
                    {
                        Error(C.ElementTypeMismatch, $"kernel.store of {st.Value.Type} into buffer '{st.Buffer.Name}' of {st.Buffer.ValueType}", "cast the value first");
                    }

                    break;
                case ForOp f:
                    For(f, added);
                    break;
                case IfOp i:
                    If(i, added);
                    break;
            }
        }

        private void For(ForOp f, List<KernelValue> added)
        {
            var span = _span;
            Use(f.Lo, "kernel.for");
            Use(f.Hi, "kernel.for");
            Use(f.Step, "kernel.for");
            IndexOperand(f.Lo, "loop lower bound");
            IndexOperand(f.Hi, "loop upper bound");
            IndexOperand(f.Step, "loop step");
            foreach (var v in f.Inits)
            {
                Use(v, "kernel.for iter_args");
            }

            if (f.Inits.Length != f.IterArgs.Length)
            {
                Error(C.YieldMismatch, $"kernel.for has {f.Inits.Length} initial values for {f.IterArgs.Length} iter_args");
            }
            else
            {
                for (var k = 0; k < f.Inits.Length; k++)
                {
                    if (f.Inits[k].Type != f.IterArgs[k].Type)
                    {
                        Error(C.TypeMismatch, $"iter_arg {k} is {f.IterArgs[k].Type} but its initial value is {f.Inits[k].Type}");
                    }
                }
            }

            if (f.Step.TryGetConstant(out long step) && f.Step.Type == KernelType.I64 && step <= 0)
            {
                Error(C.BadLoopAttribute, $"loop step is {step}; it must be positive");
            }

            if (f.Vectorize != 0 && !(KernelType.IsValidLanes(f.Vectorize) && f.Vectorize > 1))
            {
                Error(C.BadLoopAttribute, $"vectorize({f.Vectorize}) is not a power of two from 2 to {KernelType.MaxLanes}");
            }

            if (f.Unroll < 0)
            {
                Error(C.BadLoopAttribute, $"unroll({f.Unroll}) is negative");
            }

            if (f.Parallel && _loopDepth > 0)
            {
                Error(C.BadParallel, "a parallel loop is nested inside another loop", "only the outermost loop may be parallel");
            }

            if (f.Parallel && f.IterArgs.Length > 0)
            {
                Error(C.BadParallel, "a parallel loop carries values (iter_args)", "reduce inside each iteration, or make the loop sequential");
            }

            _loopDepth++;
            Block(f.Body, [f.InductionVar, .. f.IterArgs], "kernel.for", [.. f.IterArgs.Select(a => a.Type)]);
            _loopDepth--;
            _span = span;
            foreach (var r in f.Results)
            {
                Define(r, added);
            }
        }

        private void If(IfOp i, List<KernelValue> added)
        {
            var span = _span;
            Use(i.Condition, "kernel.if");
            if (i.Condition.Type != KernelType.I1)
            {
                Error(C.TypeMismatch, $"kernel.if condition is {i.Condition.Type}, expected i1");
            }

            ImmutableArray<KernelType> types = [.. i.Results.Select(r => r.Type)];
            Block(i.Then, [], "the then branch of kernel.if", types);
            _span = span;
            Block(i.Else, [], "the else branch of kernel.if", types);
            _span = span;
            foreach (var r in i.Results)
            {
                Define(r, added);
            }
        }

        private void Op(KernelOp op)
        {
            var info = op.Info;
            var name = "kernel." + info.Mnemonic;
            foreach (var v in op.Operands)
            {
                Use(v, name);
            }

            if (op.Operands.Length != info.Arity)
            {
                Error(C.BadArity, $"{name} has {op.Operands.Length} operands, expected {info.Arity}");
                return;
            }

            var isMemory = info.Shape == OpShape.Memory;
            if (isMemory != op.Buffer is not null)
            {
                Error(C.BadArity, isMemory ? $"{name} names no buffer" : $"{name} takes no buffer");
                return;
            }

            var rt = op.Result.Type;
            switch (info.Shape)
            {
                case OpShape.Nullary:
                    break;
                case OpShape.SameType:
                    foreach (var v in op.Operands)
                    {
                        if (v.Type != rt)
                        {
                            Error(C.TypeMismatch, $"{name} has an operand of {v.Type} and result {rt}", "operands and result must have one type");
                            return;
                        }
                    }

                    Domain(name, info.Domain, rt);
                    break;
                case OpShape.Compare:
                    if (op.Operands[0].Type != op.Operands[1].Type)
                    {
                        Error(C.TypeMismatch, $"{name} compares {op.Operands[0].Type} with {op.Operands[1].Type}");
                    }
                    else if (rt != KernelType.I1.WithLanes(op.Operands[0].Type.Lanes))
                    {
                        Error(C.TypeMismatch, $"{name} of {op.Operands[0].Type} gives {KernelType.I1.WithLanes(op.Operands[0].Type.Lanes)}, not {rt}");
                    }
                    else
                    {
                        Domain(name, info.Domain, op.Operands[0].Type);
                    }

                    break;
                case OpShape.Select:
                    var c = op.Operands[0].Type;
                    if (!c.IsBool)
                    {
                        Error(C.TypeMismatch, $"{name} condition is {c}, expected i1");
                    }
                    else if (c.Lanes != 1 && c.Lanes != rt.Lanes)
                    {
                        Error(C.LanesMismatch, $"{name} condition has {c.Lanes} lanes, the values {rt.Lanes}");
                    }

                    if (op.Operands[1].Type != rt || op.Operands[2].Type != rt)
                    {
                        Error(C.TypeMismatch, $"{name} chooses between {op.Operands[1].Type} and {op.Operands[2].Type} as {rt}");
                    }

                    break;
                case OpShape.Convert:
                    var from = op.Operands[0].Type;
                    if (from.Lanes != rt.Lanes)
                    {
                        Error(C.LanesMismatch, $"{name} from {from} to {rt} changes the number of lanes");
                    }
                    else if (op.Opcode == Opcode.CastSat && (!rt.IsInteger || from.IsBool))
                    {
                        Error(C.TypeMismatch, $"{name} converts {from} to {rt}; it converts numbers to integer types");
                    }

                    break;
                case OpShape.Memory:
                    var buf = op.Buffer!;
                    IndexOperand(op.Operands[0], name + " index");
                    BufferUse(buf);
                    if (op.Opcode is Opcode.VLoad or Opcode.VLoadStrided && !rt.IsVector)
                    {
                        Error(C.LanesMismatch, $"{name} gives {rt}; it loads a vector", "use kernel.load for one element");
                    }
                    else if (op.Opcode == Opcode.VLoadStrided && op.IntValue < 2)
                    {
                        Error(C.BadStride, $"{name} has stride {op.IntValue}; a strided load needs a stride of at least 2", "use kernel.vload for contiguous elements");
                    }
                    else if (op.Opcode == Opcode.Load && rt.IsVector)
                    {
                        Error(C.LanesMismatch, $"{name} gives {rt}; it loads one element", "use kernel.vload for vectors");
                    }

                    if (rt.Element != buf.ValueType)
                    {
                        Error(C.ElementTypeMismatch, $"{name} of {rt} from buffer '{buf.Name}' of {buf.ValueType}");
                    }

                    break;
                case OpShape.Broadcast:
                    var s = op.Operands[0].Type;
                    if (s.IsVector || !rt.IsVector)
                    {
                        Error(C.LanesMismatch, $"{name} from {s} to {rt}; it makes a vector from a scalar");
                    }
                    else if (rt.Element != s)
                    {
                        Error(C.TypeMismatch, $"{name} from {s} to {rt} changes the element type");
                    }

                    break;
                case OpShape.Reduce:
                    var vec = op.Operands[0].Type;
                    if (!vec.IsVector)
                    {
                        Error(C.LanesMismatch, $"{name} of {vec}; it reduces a vector");
                    }
                    else if (rt != vec.Element)
                    {
                        Error(C.TypeMismatch, $"{name} of {vec} gives {vec.Element}, not {rt}");
                    }
                    else
                    {
                        Domain(name, info.Domain, vec);
                    }

                    break;
                case OpShape.Widen:
                    var a = op.Operands[0].Type;
                    if (a != op.Operands[1].Type)
                    {
                        Error(C.TypeMismatch, $"{name} multiplies {a} by {op.Operands[1].Type}");
                    }
                    else if (!a.IsInteger || !rt.IsInteger || rt.BitWidth <= a.BitWidth)
                    {
                        Error(C.TypeMismatch, $"{name} of {a} to {rt}; it multiplies integers into a wider integer type");
                    }
                    else if (a.Lanes != rt.Lanes)
                    {
                        Error(C.LanesMismatch, $"{name} of {a} to {rt} changes the number of lanes");
                    }

                    break;
            }
        }

        private void Domain(string name, OpDomain domain, KernelType t)
        {
            var d = t.IsFloat ? OpDomain.Float : t.IsBool ? OpDomain.Bool : OpDomain.Integer;
            if ((domain & d) == 0)
            {
                Error(C.TypeMismatch, $"{name} does not accept {t}");
            }
        }

        private void IndexOperand(KernelValue v, string what)
        {
            if (v.Type != KernelType.I64)
            {
                Error(C.IndexNotI64, $"the {what} is {v.Type}, expected i64", "cast the index with kernel.cast to i64");
            }
        }

        private void BufferUse(KernelBuffer b)
        {
            if (!_params.Contains(b))
            {
                Error(C.NotAParameter, $"buffer '{b.Name}' is not a parameter of the kernel", $"add @{b.Name} to the kernel's parameters");
            }
        }

        private void Use(KernelValue v, string user)
        {
            if (!_visible.Contains(v))
            {
                Error(C.NotDominated, $"{user} uses a value of type {v.Type} that is not defined before it in an enclosing block",
                    "values are visible after their definition, in the same block and the blocks nested in it");
            }
        }

        private void Define(KernelValue v, List<KernelValue> added)
        {
            if (!_defined.Add(v))
            {
                Error(C.DefinedTwice, $"a value of type {v.Type} is defined by two statements");
                return;
            }

            _visible.Add(v);
            added.Add(v);
        }

        private void Error(int code, string message, string? hint = null) =>
            bag.Error(code, Where(module, _span), $"kernel '{kernel.Name}': {message}", hint);
    }
}
