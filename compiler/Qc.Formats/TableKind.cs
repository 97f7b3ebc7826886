namespace Qc.Formats;

/// <summary>The code tables of the non-uniform (table) formats.</summary>
public enum TableKind
{
    /// <summary>OCP FP8 E4M3, FN variant (bias 7, no infinities, NaN = S.1111.111, max 448).</summary>
    Fp8E4M3,

    /// <summary>OCP FP8 E5M2 (bias 15, IEEE-style infinities and NaNs, max 57344).</summary>
    Fp8E5M2,

    /// <summary>OCP FP4 E2M1 (bias 1, magnitudes 0, 0.5, 1, 1.5, 2, 3, 4, 6; no inf or NaN).</summary>
    Fp4E2M1,

    /// <summary>QLoRA NormalFloat4: 16 normal quantiles in [−1, 1] with an exact zero.</summary>
    Nf4,
}
