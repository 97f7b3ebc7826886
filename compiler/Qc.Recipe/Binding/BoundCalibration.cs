namespace Qc.Recipe.Binding;

/// <summary>The <c>calibration</c> section.</summary>
public sealed record BoundCalibration(BoundPath? Data, long? Samples, BoundCall? Activations, long? Seed);
