using Qc.Core.Tensors;

namespace Qc.Formats.Tests;

/// <summary>Deterministic test tensors.</summary>
internal static class TestTensors
{
    /// <summary>Gaussian-ish values (sum of uniforms) scaled by <paramref name="scale"/> and shifted by <paramref name="offset"/>.</summary>
    public static TensorData Random(int seed, long[] dims, float scale = 1f, float offset = 0f)
    {
        var rng = new Random(seed);
        var n = (int)TensorData.ElementCountOf(dims);
        var v = new float[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = (float)((rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 2 * scale) + offset;
        }

        return TensorData.Create<float>(dims, v);
    }

    /// <summary>Random values whose magnitude varies strongly by position (so per-channel/group scales differ).</summary>
    public static TensorData Uneven(int seed, long[] dims)
    {
        var rng = new Random(seed);
        var n = (int)TensorData.ElementCountOf(dims);
        var v = new float[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = (float)((rng.NextDouble() - 0.5) * Math.Pow(10, (i * 7 % 5) - 2));
        }

        return TensorData.Create<float>(dims, v);
    }

    public static TensorData Of(long[] dims, params float[] values) => TensorData.Create<float>(dims, values);
}
