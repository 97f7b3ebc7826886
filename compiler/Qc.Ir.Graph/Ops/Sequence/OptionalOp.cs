namespace Qc.Ir.Graph;

/// <summary>Wraps its input into an optional value, or makes an empty optional of the <c>type</c> attribute when the input is absent.</summary>
public sealed class OptionalOp : Op
{
    internal OptionalOp(OpSchema schema, OpInit init)
        : base(schema, init)
    {
    }

    /// <inheritdoc/>
    public override void InferTypes(InferenceContext context)
    {
        var declared = Attributes.TryGet("type", out var a) && a is TypeAttr ta ? ta.Value : null;
        if (Input(0) is { } input)
        {
            if (input.Type is OptionalType)
            {
                context.Error(this, InferenceCodes.TypeMismatch, $"input must be a tensor or a sequence but is {input.Type}");
                return;
            }

            var type = declared is null ? input.Type : RegionTypes.Refine(declared, input.Type);
            if (type is null)
            {
                context.Error(this, InferenceCodes.TypeMismatch, $"input is {input.Type} but the type attribute is {declared}");
                return;
            }

            if (type is not UnknownType)
            {
                this.SetResult(0, new OptionalType(type));
            }

            return;
        }

        if (declared is null)
        {
            context.Error(this, InferenceCodes.BadAttributeValue, "an optional without input needs the type attribute");
            return;
        }

        this.SetResult(0, new OptionalType(declared));
    }
}
