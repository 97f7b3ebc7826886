namespace Qc.Lowering;

/// <summary>Settings of <see cref="GraphLowering.Lower"/>.</summary>
/// <param name="VectorWidth">f32 lanes of the explicit vector code: 16 for AVX-512, 8 for AVX2, 4 for NEON, 1 for scalar
/// kernels only. A power of two from 1 to 64.</param>
/// <param name="FoldConstants">Evaluate ops whose inputs are all constants at compile time.</param>
/// <param name="FoldBatchNorm">Fold BatchNormalization into the preceding Conv, ConvTranspose or Gemm.</param>
/// <param name="FuseEpilogues">Fuse elementwise consumers into the kernel of their producer.</param>
/// <param name="SourcePath">The model path diagnostics name (the main graph's name when null).</param>
/// <param name="ParallelMinWork">The grain-size rule: a loop marked parallel stays parallel only when its estimated work
/// (executed loads, stores and data ops of the loop nest, see specs/lowering.md "Performance") is at least this; 0 keeps
/// every parallel loop (what GPU targets need: their code maps the parallel loop onto the grid).</param>
/// <param name="ParallelIterations">How many parallel iterations a convolution's matrix product aims for when its row
/// tiles alone give fewer (it then splits output rows into parts): a few per CPU thread by default, thousands for a GPU,
/// where every iteration is a GPU thread.</param>
public sealed record LoweringOptions(
    int VectorWidth = 1,
    bool FoldConstants = true,
    bool FoldBatchNorm = true,
    bool FuseEpilogues = true,
    string? SourcePath = null,
    long ParallelMinWork = LoweringOptions.DefaultParallelMinWork,
    long ParallelIterations = LoweringOptions.DefaultParallelIterations)
{
    /// <summary>The default <see cref="ParallelIterations"/> for CPUs: enough that a few threads each get several.</summary>
    public const long DefaultParallelIterations = 16;

    /// <summary>The <see cref="ParallelIterations"/> of GPU targets: one GPU thread per column tile up to this many.</summary>
    public const long GpuParallelIterations = 1 << 16;

    /// <summary>The default <see cref="ParallelMinWork"/>: 2^17 data operations, about 5–20 µs on one core, several
    /// times what a <c>parallel_for</c> dispatch costs (see specs/lowering.md, "Performance").</summary>
    public const long DefaultParallelMinWork = 131_072;

    /// <summary>Scalar kernels, every optimization on.</summary>
    public static LoweringOptions Default { get; } = new();

    /// <summary>Options whose vector width fills a register of <paramref name="vectorBits"/> bits with f32 lanes
    /// (a target's <c>TargetDescriptor.VectorBits</c>: 512 → 16, 256 → 8, 128 → 4; less than 64 bits → scalar).</summary>
    public static LoweringOptions ForVectorBits(int vectorBits) =>
        new(VectorWidth: vectorBits >= 64 ? (int)Math.Min(64, 1u << (31 - int.LeadingZeroCount(vectorBits / 32))) : 1);
}
