namespace Qc.Ir.Graph;

/// <summary>Registers the recurrent ops RNN, GRU and LSTM.</summary>
internal static class RecurrentOps
{
    private const string Common =
        "activation_alpha:FLOATS activation_beta:FLOATS activations:STRINGS clip:FLOAT direction:STRING hidden_size:INT layout:INT";

    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.Add("RNN", "rnn", (3, 6), (0, 2), Common, (s, i) => new RecurrentOp(s, i));
        r.Add("GRU", "gru", (3, 6), (0, 2), Common + " linear_before_reset:INT", (s, i) => new RecurrentOp(s, i));
        r.Add("LSTM", "lstm", (3, 8), (0, 3), Common + " input_forget:INT", (s, i) => new RecurrentOp(s, i));
    }
}
