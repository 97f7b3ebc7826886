using Qc.Core.Tensors;
using Qc.Ir.Graph;

namespace Qc.Lowering.Tests;

/// <summary>Seeded random inputs for the graphs under test.</summary>
internal static class RandomTensors
{
    /// <summary>An f32 tensor of <paramref name="parameter"/>'s static shape with uniform random values in
    /// [-<paramref name="bound"/>, <paramref name="bound"/>).</summary>
    public static TensorData Uniform(Random random, Value parameter, float bound = 1f)
    {
        var dims = parameter.TensorType!.StaticDims!;
        var values = new float[TensorData.ElementCountOf(dims)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * (2 * bound)) - bound;
        }

        return TensorData.Create<float>(dims, values);
    }
}
