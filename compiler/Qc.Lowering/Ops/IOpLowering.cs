using Qc.Lowering.Model;

namespace Qc.Lowering.Ops;

/// <summary>Lowers one family of graph ops to kernels.</summary>
internal interface IOpLowering
{
    /// <summary>Null when <paramref name="node"/> can be lowered, else what about its form is not supported.</summary>
    string? Check(LNode node);

    /// <summary>Appends the kernels computing <paramref name="node"/> (and its fused epilogue) to the context's module.</summary>
    void Lower(LNode node, LoweringContext ctx);
}
