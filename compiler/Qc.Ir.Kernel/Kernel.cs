using System.Collections.Immutable;
using Qc.Core.Text;

namespace Qc.Ir.Kernel;

/// <summary>One kernel: a name, the buffers it may access (its parameters) and a structured body.</summary>
public sealed class Kernel
{
    internal Kernel(KernelModule module, string name, ImmutableArray<KernelBuffer> parameters)
    {
        Module = module;
        Name = name;
        Parameters = parameters;
    }

    /// <summary>The module holding the kernel.</summary>
    public KernelModule Module { get; }

    /// <summary>The unique name (printed <c>@name</c>; becomes the native symbol).</summary>
    public string Name { get; }

    /// <summary>The buffers the body may read or write, in call order.</summary>
    public ImmutableArray<KernelBuffer> Parameters { get; set; }

    /// <summary>The body (yields nothing).</summary>
    public KernelBlock Body { get; } = new();

    /// <summary>Where the kernel header was parsed from, if any.</summary>
    public TextSpan? Span { get; set; }

    /// <summary>Every statement of the body, nested ones included, in pre-order (a loop before its body).</summary>
    public IEnumerable<KernelStmt> Walk() => WalkBlock(Body);

    /// <summary>The buffers some load or vload reads, in parameter order (all buffers if the body uses non-parameters).</summary>
    public ImmutableArray<KernelBuffer> BuffersRead() =>
        Ordered(Walk().OfType<KernelOp>().Where(o => o.Buffer is not null).Select(o => o.Buffer!));

    /// <summary>The buffers some store writes, in parameter order.</summary>
    public ImmutableArray<KernelBuffer> BuffersWritten() => Ordered(Walk().OfType<StoreOp>().Select(s => s.Buffer));

    /// <summary>Prints this kernel's module.</summary>
    public override string ToString() => KernelPrinter.Print(this);

    private ImmutableArray<KernelBuffer> Ordered(IEnumerable<KernelBuffer> used)
    {
        var set = used.ToHashSet();
        var result = Parameters.Where(set.Contains).ToList();
        result.AddRange(set.Where(b => !Parameters.Contains(b)).OrderBy(b => b.Id));
        return [.. result];
    }

    private static IEnumerable<KernelStmt> WalkBlock(KernelBlock block)
    {
        foreach (var s in block.Statements)
        {
            yield return s;
            switch (s)
            {
                case ForOp f:
                    foreach (var n in WalkBlock(f.Body))
                    {
                        yield return n;
                    }

                    break;
                case IfOp i:
                    foreach (var n in WalkBlock(i.Then))
                    {
                        yield return n;
                    }

                    foreach (var n in WalkBlock(i.Else))
                    {
                        yield return n;
                    }

                    break;
            }
        }
    }
}
