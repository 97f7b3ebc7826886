using Qc.Core.Tensors;

namespace Qc.Calibration;

/// <summary>Receives raw batches of chosen tensors during the calibration pass, for statistics calibration itself does not
/// keep (GPTQ's Hessian <c>H = 2XXᵀ</c> of each layer's input, AdaRound, least-squares refits).</summary>
/// <remarks>
/// <para>A sink gets one <see cref="ActivationBatch"/> per batch and tensor, in sample order, on the calling thread; the tensor
/// is only valid for the call's purposes (the session drops it after the batch), so a sink must fold it into O(its own
/// state) memory rather than keep it. A run with sinks always runs ONNX Runtime, even when the statistics are cached.</para>
/// <para>Names are ONNX value names, as for <see cref="ObservedTensor"/>; a name the model lacks is QC4103.</para>
/// </remarks>
public interface IActivationSink
{
    /// <summary>The tensors this sink wants.</summary>
    IReadOnlyList<string> Tensors { get; }

    /// <summary>Takes one batch of one tensor.</summary>
    void Accept(ActivationBatch batch);
}

/// <summary>One batch of one captured tensor.</summary>
/// <param name="Tensor">The ONNX value name.</param>
/// <param name="Value">The values, float32 (or whatever ORT computed), with the samples along axis 0.</param>
/// <param name="FirstSample">The index (in the calibration order) of the batch's first sample.</param>
/// <param name="SampleCount">The samples in the batch.</param>
public sealed record ActivationBatch(string Tensor, TensorData Value, long FirstSample, int SampleCount);
