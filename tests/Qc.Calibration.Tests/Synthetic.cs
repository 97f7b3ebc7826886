namespace Qc.Calibration.Tests;

/// <summary>Seeded synthetic distributions (deterministic on every platform).</summary>
internal static class Synthetic
{
    public static float[] Uniform(int n, float lo, float hi, int seed)
    {
        var r = new Random(seed);
        var a = new float[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = (float)(lo + ((hi - lo) * r.NextDouble()));
        }

        return a;
    }

    /// <summary>Standard normal values (Box–Muller) times <paramref name="sigma"/>.</summary>
    public static float[] Gaussian(int n, double sigma, int seed)
    {
        var r = new Random(seed);
        var a = new float[n];
        for (var i = 0; i < n; i += 2)
        {
            var u1 = 1.0 - r.NextDouble();
            var u2 = r.NextDouble();
            var radius = Math.Sqrt(-2 * Math.Log(u1));
            a[i] = (float)(sigma * radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < n)
            {
                a[i + 1] = (float)(sigma * radius * Math.Sin(2 * Math.PI * u2));
            }
        }

        return a;
    }
}
