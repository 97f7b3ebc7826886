using System.Globalization;
using System.Text;

namespace Qc.Ir.Kernel;

/// <summary>Options of <see cref="KernelPrinter"/>.</summary>
/// <param name="PrintWeights">Print the contents of every weight buffer (needed for a text round trip that keeps data).</param>
/// <param name="InlineWeightLimit">Weights with at most this many elements always print their contents.</param>
public sealed record KernelPrintOptions(bool PrintWeights = false, int InlineWeightLimit = 16);

/// <summary>Prints a kernel module as deterministic text (specs/kernel-ir.md); the kernel IR parser reads it back.</summary>
public static class KernelPrinter
{
    /// <summary>Prints a whole module.</summary>
    public static string Print(KernelModule module, KernelPrintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        options ??= new KernelPrintOptions();
        var sb = new StringBuilder();
        sb.Append("kernel.module @").Append(KernelSyntax.Name(module.Name)).Append(" {\n");
        foreach (var b in module.Buffers)
        {
            sb.Append("  buffer @").Append(KernelSyntax.Name(b.Name)).Append(" : ").Append(KernelSyntax.KindWord(b.Kind))
                .Append(' ').Append(KernelSyntax.BufferType(b));
            if (b.Data is { } d && (options.PrintWeights || d.ElementCount <= options.InlineWeightLimit))
            {
                sb.Append(" = ").Append(KernelSyntax.Dense(d));
            }

            sb.Append('\n');
        }

        foreach (var k in module.Kernels)
        {
            sb.Append('\n');
            new KernelWriter(sb).WriteKernel(k);
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>Prints one kernel (without the module around it).</summary>
    public static string Print(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var sb = new StringBuilder();
        new KernelWriter(sb).WriteKernel(kernel);
        return sb.ToString();
    }

    /// <summary>Names values of one kernel in print order and writes its statements.</summary>
    private sealed class KernelWriter(StringBuilder sb)
    {
        private readonly Dictionary<KernelValue, string> _names = [];
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);
        private int _next;

        public void WriteKernel(Kernel k)
        {
            sb.Append("  kernel @").Append(KernelSyntax.Name(k.Name)).Append('(');
            sb.AppendJoin(", ", k.Parameters.Select(p => "@" + KernelSyntax.Name(p.Name)));
            sb.Append(") {\n");
            WriteBlock(k.Body, 2);
            sb.Append("  }\n");
        }

        private void WriteBlock(KernelBlock block, int depth)
        {
            foreach (var s in block.Statements)
            {
                Indent(depth);
                WriteStmt(s, depth);
                sb.Append('\n');
            }

            if (block.Yield.Count > 0)
            {
                Indent(depth);
                sb.Append("kernel.yield ").AppendJoin(", ", block.Yield.Select(Use)).Append('\n');
            }
        }

        private void WriteStmt(KernelStmt s, int depth)
        {
            switch (s)
            {
                case KernelOp op:
                    sb.Append(Define(op.Result)).Append(" = kernel.").Append(op.Info.Mnemonic);
                    if (op.Opcode == Opcode.Const)
                    {
                        sb.Append(' ').Append(KernelSyntax.Constant(op));
                    }
                    else if (op.Buffer is { } buf)
                    {
                        sb.Append(" @").Append(KernelSyntax.Name(buf.Name)).Append('[').AppendJoin(", ", op.Operands.Select(Use)).Append(']');
                        if (op.Opcode == Opcode.VLoadStrided)
                        {
                            sb.Append(", ").Append(op.IntValue.ToString(CultureInfo.InvariantCulture));
                        }
                    }
                    else if (op.Operands.Length > 0)
                    {
                        sb.Append(' ').AppendJoin(", ", op.Operands.Select(Use));
                    }

                    sb.Append(" : ").Append(op.Result.Type);
                    break;
                case StoreOp st:
                    sb.Append("kernel.store ").Append(Use(st.Value)).Append(", @").Append(KernelSyntax.Name(st.Buffer.Name))
                        .Append('[').Append(Use(st.Index)).Append("] : ").Append(st.Value.Type);
                    break;
                case ForOp f:
                    WriteFor(f, depth);
                    break;
                case IfOp i:
                    WriteIf(i, depth);
                    break;
            }
        }

        private void WriteFor(ForOp f, int depth)
        {
            // Operands are named before the loop's own values, which are defined in the body (and after it, for results).
            var lo = Use(f.Lo);
            var hi = Use(f.Hi);
            var step = Use(f.Step);
            var inits = f.Inits.Select(Use).ToList();
            var results = f.Results.Select(Define).ToList();
            if (results.Count > 0)
            {
                sb.AppendJoin(", ", results).Append(" = ");
            }

            sb.Append("kernel.for ").Append(Define(f.InductionVar)).Append(" = ").Append(lo).Append(" to ").Append(hi).Append(" step ").Append(step);
            if (f.IterArgs.Length > 0)
            {
                sb.Append(" iter_args(");
                for (var k = 0; k < f.IterArgs.Length; k++)
                {
                    sb.Append(k > 0 ? ", " : string.Empty).Append(Define(f.IterArgs[k])).Append(" = ").Append(k < inits.Count ? inits[k] : "%?");
                }

                sb.Append(") -> (").AppendJoin(", ", f.IterArgs.Select(a => a.Type.ToString())).Append(')');
            }

            if (f.Parallel)
            {
                sb.Append(" parallel");
            }

            if (f.Unroll != 0)
            {
                sb.Append(" unroll(").Append(f.Unroll.ToString(CultureInfo.InvariantCulture)).Append(')');
            }

            if (f.Vectorize != 0)
            {
                sb.Append(" vectorize(").Append(f.Vectorize.ToString(CultureInfo.InvariantCulture)).Append(')');
            }

            sb.Append(" {\n");
            WriteBlock(f.Body, depth + 1);
            Indent(depth);
            sb.Append('}');
        }

        private void WriteIf(IfOp i, int depth)
        {
            var cond = Use(i.Condition);
            var results = i.Results.Select(Define).ToList();
            if (results.Count > 0)
            {
                sb.AppendJoin(", ", results).Append(" = ");
            }

            sb.Append("kernel.if ").Append(cond);
            if (i.Results.Length > 0)
            {
                sb.Append(" -> (").AppendJoin(", ", i.Results.Select(r => r.Type.ToString())).Append(')');
            }

            sb.Append(" {\n");
            WriteBlock(i.Then, depth + 1);
            Indent(depth);
            sb.Append('}');
            if (i.Else.Statements.Count > 0 || i.Else.Yield.Count > 0)
            {
                sb.Append(" else {\n");
                WriteBlock(i.Else, depth + 1);
                Indent(depth);
                sb.Append('}');
            }
        }

        private void Indent(int depth) => sb.Append(' ', depth * 2);

        private string Define(KernelValue v)
        {
            if (_names.TryGetValue(v, out var existing))
            {
                return "%" + existing;
            }

            string name;
            if (KernelSyntax.IsValueHint(v.NameHint))
            {
                name = v.NameHint!;
                for (var n = 1; _used.Contains(name); n++)
                {
                    name = v.NameHint + "_" + n.ToString(CultureInfo.InvariantCulture);
                }
            }
            else
            {
                name = (_next++).ToString(CultureInfo.InvariantCulture);
            }

            _used.Add(name);
            _names[v] = name;
            return "%" + name;
        }

        // A use of a value not yet defined in print order (invalid IR) still prints, as a definition would name it.
        private string Use(KernelValue v) => Define(v);
    }
}
