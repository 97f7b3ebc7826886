namespace Qc.Ir.Graph;

/// <summary>Registers the signal-processing ops: DFT, STFT, the cosine-sum windows and MelWeightMatrix.</summary>
internal static class SignalOps
{
    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.Add("DFT", "dft", (1, 3), (1, 1), "inverse:INT onesided:INT", (s, i) => new DftOp(s, i));
        r.Add("STFT", "stft", (2, 4), (1, 1), "onesided:INT", (s, i) => new StftOp(s, i));
        var windows = new[] { ("HannWindow", "hann_window"), ("HammingWindow", "hamming_window"), ("BlackmanWindow", "blackman_window") };
        foreach (var (opType, mnemonic) in windows)
        {
            r.Add(opType, mnemonic, (1, 1), (1, 1), "output_datatype:INT periodic:INT", (s, i) => new WindowOp(s, i));
        }

        r.Add("MelWeightMatrix", "mel_weight_matrix", (5, 5), (1, 1), "output_datatype:INT", (s, i) => new MelWeightMatrixOp(s, i));
    }
}
