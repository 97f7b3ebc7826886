namespace Qc.Recipe.Binding;

/// <summary>Where a codec is bound; decides which codecs and arguments are allowed.</summary>
internal enum CodecPosition
{
    /// <summary><c>weights:</c> of <c>quantize</c> or a rule: any codec.</summary>
    Weights,

    /// <summary>An <c>allocate.choices</c> item: any codec.</summary>
    Choice,

    /// <summary><c>activations:</c>: one activation-capable number format without weight-only arguments.</summary>
    Activations,
}
