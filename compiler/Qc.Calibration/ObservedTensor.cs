namespace Qc.Calibration;

/// <summary>A tensor of the model to calibrate: an ONNX value name of the main graph.</summary>
/// <param name="Name">The ONNX value name (node output or graph input).</param>
/// <param name="ChannelAxis">The axis of per-channel moments; null for the default (1 for rank ≥ 4, else the last axis);
/// negative values count from the end.</param>
/// <param name="Consumer">What consumes it, for messages (such as <c>Conv 'conv1'</c>); not part of the cache key.</param>
public sealed record ObservedTensor(string Name, int? ChannelAxis = null, string? Consumer = null);
