namespace Qc.Ir.Graph;

/// <summary>Reads the known scalar integer inputs that signal ops take as lengths and sizes.</summary>
internal static class SignalScalars
{
    /// <summary>The known value of a one-element integer input as a dim: unknown when not known, null (reported) when not
    /// positive or not a single value.</summary>
    public static Dim? PositiveScalar(this Op op, InferenceContext context, int index, string name)
    {
        if (context.GetShapeValue(op.Input(index)) is not { } values)
        {
            return Dim.Unknown;
        }

        if (values.Length != 1)
        {
            context.Error(op, InferenceCodes.BadInput, $"{name} must be a scalar but has {values.Length} values");
            return null;
        }

        if (values[0] is { IsStatic: true, Value: <= 0 })
        {
            context.Error(op, InferenceCodes.BadInput, $"{name} must be positive but is {values[0]}");
            return null;
        }

        return values[0];
    }

    /// <summary>The onesided length <c>floor(n / 2) + 1</c> of a DFT of length <paramref name="n"/>.</summary>
    public static Dim HalfPlusOne(Dim n) => n.IsStatic ? Dim.Of((n.Value!.Value / 2) + 1) : Dim.Unknown;
}
