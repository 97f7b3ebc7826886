namespace Qc.Ir.Graph;

/// <summary>Iterates a body over slices of the scan inputs while threading state values; inputs are the initial states then
/// the <c>num_scan_inputs</c> scan inputs, results are the final states then the scan outputs.</summary>
/// <remarks>
/// The body receives the states with their full types and one slice of each scan input (the scan axis, from
/// <c>scan_input_axes</c>, removed). Each scan output stacks the body's per-iteration values along its
/// <c>scan_output_axes</c> axis, with the sequence length of the scan inputs as that dim. Directions do not affect types.
/// </remarks>
public sealed class ScanOp : Op
{
    internal ScanOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        if (RegionTypes.RequireRegion(context, this, "body") is not { } body)
        {
            return;
        }

        var scanInputs = Attributes.GetInt("num_scan_inputs", -1);
        if (scanInputs < 1 || scanInputs > Inputs.Count)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"num_scan_inputs {scanInputs} must be in [1, {Inputs.Count}]");
            return;
        }

        var states = Inputs.Count - (int)scanInputs;
        var scanOutputs = Results.Length - states;
        if (body.Parameters.Count != Inputs.Count || scanOutputs < 0)
        {
            context.Error(this, InferenceCodes.BadAttributeValue,
                $"body has {body.Parameters.Count} parameters for {Inputs.Count} inputs and the op has {Results.Length} results for {states} states");
            return;
        }

        if (ListAttribute("scan_input_axes", (int)scanInputs, context) is not { } inAxes
            || ListAttribute("scan_input_directions", (int)scanInputs, context) is null
            || ListAttribute("scan_output_axes", scanOutputs, context) is not { } outAxes
            || ListAttribute("scan_output_directions", scanOutputs, context) is null)
        {
            return;
        }

        var ok = true;
        for (var i = 0; i < states; i++)
        {
            ok &= RegionTypes.AssignParameter(context, this, body.Parameters[i], Input(i)?.Type ?? IrType.Unknown);
        }

        var length = Dim.Unknown;
        for (var j = 0; j < scanInputs; j++)
        {
            ok &= AssignSlice(context, body.Parameters[states + j], states + j, inAxes[j], ref length);
        }

        context.InferGraph(body);
        if (!ok)
        {
            return;
        }

        if (body.Outputs.Count != Results.Length)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"body yields {body.Outputs.Count} values but the op has {Results.Length} results");
            return;
        }

        for (var i = 0; i < states; i++)
        {
            SetStateResult(context, i, body.Outputs[i].Type);
        }

        for (var k = 0; k < scanOutputs; k++)
        {
            SetScanResult(context, states + k, body.Outputs[states + k].Type, outAxes[k], length);
        }
    }

    private long[]? ListAttribute(string name, int count, InferenceContext context)
    {
        if (Attributes.GetInts(name) is not { } values)
        {
            return new long[count];
        }

        if (values.Length != count)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, $"{name} has {values.Length} entries but {count} are needed");
            return null;
        }

        return [.. values];
    }

    private bool AssignSlice(InferenceContext context, Value parameter, int input, long axis, ref Dim length)
    {
        switch (Input(input)?.Type)
        {
            case TensorType { Dims: { } dims } t:
                if (!ShapeHelpers.TryNormalizeAxis(axis, dims.Length, out var a))
                {
                    context.Error(this, InferenceCodes.BadAttributeValue, $"scan input axis {axis} is out of range for {t}");
                    return false;
                }

                if (length.IsStatic || (length.Symbol is not null && !dims[a].IsStatic))
                {
                    // keep the first static (or symbolic) sequence length
                }
                else
                {
                    length = dims[a];
                }

                return RegionTypes.AssignParameter(context, this, parameter, new TensorType(t.ElementType, dims.RemoveAt(a)));
            case TensorType t:
                return RegionTypes.AssignParameter(context, this, parameter, t);
            case null or UnknownType:
                return RegionTypes.AssignParameter(context, this, parameter, IrType.Unknown);
            case var other:
                context.Error(this, InferenceCodes.TypeMismatch, $"scan input {input} must be a tensor but is {other}");
                return false;
        }
    }

    private void SetStateResult(InferenceContext context, int i, IrType yielded)
    {
        var initial = Input(i)?.Type ?? IrType.Unknown;
        if (RegionTypes.Refine(initial, yielded) is { } type)
        {
            this.SetResult(i, type);
        }
        else
        {
            context.Error(this, InferenceCodes.ShapeMismatch, $"state {i} starts as {initial} but the body yields {yielded}");
        }
    }

    private void SetScanResult(InferenceContext context, int index, IrType yielded, long axis, Dim length)
    {
        switch (yielded)
        {
            case TensorType { Dims: { } dims } t:
                if (!ShapeHelpers.TryNormalizeAxis(axis, dims.Length + 1, out var a))
                {
                    context.Error(this, InferenceCodes.BadAttributeValue, $"scan output axis {axis} is out of range for rank {dims.Length + 1}");
                    return;
                }

                this.SetResult(index, t.ElementType, dims.Insert(a, length));
                break;
            case TensorType t:
                this.SetResultUnranked(index, t.ElementType);
                break;
            case UnknownType:
                break;
            default:
                context.Error(this, InferenceCodes.TypeMismatch, $"scan output {index} of the body must be a tensor but is {yielded}");
                break;
        }
    }
}
