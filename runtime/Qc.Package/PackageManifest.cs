using System.Text.Json.Serialization;

namespace Qc.Package;

/// <summary>The contents of <c>manifest.json</c>: the model's interface, its buffers and memory plan, and per target the
/// code section and kernel schedule (specs/package.md).</summary>
/// <param name="Format">The manifest schema version; <see cref="CurrentFormat"/>.</param>
/// <param name="QcVersion">The version of qc that wrote the package.</param>
/// <param name="Inputs">The model inputs, in call order.</param>
/// <param name="Outputs">The model outputs, in result order.</param>
/// <param name="ArenaBytes">The size of the scratch arena in bytes (a multiple of 64).</param>
/// <param name="Buffers">Every buffer kernels address; <c>Buffers[i].Id == i</c>.</param>
/// <param name="Targets">The compiled targets, each with its code section and kernel schedule.</param>
public sealed record PackageManifest(
    int Format,
    string QcVersion,
    IReadOnlyList<ManifestTensor> Inputs,
    IReadOnlyList<ManifestTensor> Outputs,
    long ArenaBytes,
    IReadOnlyList<ManifestBuffer> Buffers,
    IReadOnlyList<ManifestTarget> Targets)
{
    /// <summary>The manifest schema version this library reads and writes.</summary>
    public const int CurrentFormat = 1;
}

/// <summary>A model input or output: its name, element type and shape, and the buffer holding it.</summary>
/// <param name="Name">The tensor's name (from the model).</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The static shape.</param>
/// <param name="Buffer">The id of the buffer of kind input (for inputs) or output (for outputs).</param>
public sealed record ManifestTensor(
    string Name,
    [property: JsonPropertyName("dtype")] QcDType DType,
    IReadOnlyList<long> Shape,
    int Buffer);

/// <summary>The kind of a buffer: where its memory comes from.</summary>
public enum BufferKind
{
    /// <summary>A model input: the caller's memory, read-only to kernels.</summary>
    Input,

    /// <summary>A model output: memory the runtime hands back to the caller.</summary>
    Output,

    /// <summary>A constant inside <c>weights.bin</c>, used in place from the mapped package (read-only).</summary>
    Weight,

    /// <summary>A slice of the scratch arena (intermediate tensors; slices of dead tensors are reused).</summary>
    Arena,
}

/// <summary>A buffer kernels address through their argument arrays.</summary>
/// <param name="Id">The buffer's index in <see cref="PackageManifest.Buffers"/>.</param>
/// <param name="Name">A unique name (the tensor or constant it holds).</param>
/// <param name="Kind">Where its memory comes from.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The static shape.</param>
/// <param name="Bytes">The size in bytes: the element count times the element size.</param>
/// <param name="Offset">For weights, the byte offset in <c>weights.bin</c>; for arena buffers, the byte offset in the
/// arena; both multiples of 64. Absent for inputs and outputs.</param>
public sealed record ManifestBuffer(
    int Id,
    string Name,
    BufferKind Kind,
    [property: JsonPropertyName("dtype")] QcDType DType,
    IReadOnlyList<long> Shape,
    long Bytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Offset = null);

/// <summary>The kind of a target: how its code is loaded and run.</summary>
public enum TargetKind
{
    /// <summary>A CPU shared object with the native ABI (<c>qc_abi_version</c>, one C function per kernel).</summary>
    Cpu,

    /// <summary>PTX text, loaded with the CUDA driver API and launched with <c>cuLaunchKernel</c>.</summary>
    Cuda,
}

/// <summary>One compiled target: its code section and the kernels to call, in order, for one run.</summary>
/// <param name="Name">The target name (<c>x86_64-linux-gnu:znver4</c>, <c>nvptx64-nvidia-cuda:sm_80</c>).</param>
/// <param name="Kind">CPU or CUDA.</param>
/// <param name="Code">The name of the section holding the code (<c>code/x86_64-linux-gnu/znver4.so</c>).</param>
/// <param name="Kernels">The kernel schedule: called in this order, each to completion.</param>
public sealed record ManifestTarget(
    string Name,
    TargetKind Kind,
    string Code,
    IReadOnlyList<ManifestKernel> Kernels);

/// <summary>One kernel call of a schedule.</summary>
/// <param name="Name">A readable name (the op or fused group it computes); used in profiles and messages.</param>
/// <param name="Symbol">The exported C symbol (CPU) or PTX entry name (CUDA).</param>
/// <param name="Args">Buffer ids: <c>args[i]</c> of the call points at buffer <c>Args[i]</c>.</param>
/// <param name="Grid">CUDA only: the grid size (x, y, z), each ≥ 1.</param>
/// <param name="Block">CUDA only: the block size (x, y, z), each ≥ 1, product ≤ 1024.</param>
/// <param name="SharedBytes">CUDA only: dynamic shared memory in bytes.</param>
public sealed record ManifestKernel(
    string Name,
    string Symbol,
    IReadOnlyList<int> Args,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Grid = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Block = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SharedBytes = null);

/// <summary>The contents of <c>provenance.json</c>: what the package was built from.</summary>
/// <param name="QcVersion">The version of qc that wrote the package.</param>
/// <param name="ModelSha256">sha256 of the model file (lowercase hex).</param>
/// <param name="RecipeSha256">sha256 of the recipe file (lowercase hex).</param>
/// <param name="CalibrationSha256">sha256 of the calibration data (lowercase hex), absent when none was used.</param>
public sealed record PackageProvenance(
    string QcVersion,
    string ModelSha256,
    string RecipeSha256,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CalibrationSha256 = null);
