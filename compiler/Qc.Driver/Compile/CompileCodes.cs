namespace Qc.Driver.Compile;

/// <summary>Diagnostic codes of <c>qc compile</c> and <c>qc plan --pareto</c> (QC44xx, specs/diagnostics.md).</summary>
public static class CompileCodes
{
    /// <summary>The requested emit target does not exist yet (the package emit).</summary>
    public const int EmitUnavailable = 4401;

    /// <summary>A weight codec, prune method or pattern that the ONNX emit cannot apply.</summary>
    public const int UnsupportedCodec = 4402;

    /// <summary>An activation format QuantizeLinear cannot express.</summary>
    public const int UnsupportedActivation = 4403;

    /// <summary>Calibration data is needed but the recipe names none, or it cannot be opened.</summary>
    public const int NoCalibrationData = 4404;

    /// <summary>Evaluation data cannot be opened or does not fit the model.</summary>
    public const int BadEvaluationData = 4405;

    /// <summary>A budget that is not a linear limit on one quantity.</summary>
    public const int UnsupportedBudget = 4406;

    /// <summary>The accuracy gate failed after every allowed round.</summary>
    public const int GateFailed = 4407;

    /// <summary>Top-1 without labels: measured against the fp32 model's predictions.</summary>
    public const int NoLabels = 4408;

    /// <summary>An output file cannot be written.</summary>
    public const int CannotWriteOutput = 4409;

    /// <summary>ONNX Runtime failed on a compressed model.</summary>
    public const int OrtFailed = 4410;

    /// <summary><c>qc plan --pareto</c> on a recipe without <c>allocate</c>.</summary>
    public const int ParetoNeedsAllocate = 4411;

    /// <summary>No budget of the Pareto sweep is feasible.</summary>
    public const int ParetoInfeasible = 4412;
}
