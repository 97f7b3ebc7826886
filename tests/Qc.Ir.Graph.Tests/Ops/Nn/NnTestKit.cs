using Qc.Core.Tensors;

namespace Qc.Ir.Graph.Tests.Ops.Nn;

/// <summary>Assertions and attribute builders shared by the Nn and Quantization op tests.</summary>
internal static class NnTestKit
{
    /// <summary>A ranked tensor type with static, symbolic or unknown dims.</summary>
    public static TensorType T(ElementType elementType, params Dim[] dims) => new(elementType, dims);

    /// <summary>Builds attributes from name/value pairs, skipping null values (long, int, float, double, string, long[]).</summary>
    public static AttributeMap A(params (string Name, object? Value)[] items) =>
        AttributeMap.From(items.Where(i => i.Value is not null).Select(i => KeyValuePair.Create(i.Name, ToAttr(i.Value!))));

    /// <summary>Asserts inference reported nothing and the results have the expected printed types.</summary>
    public static void AssertTypes(OpTestHelpers h, Op op, params string[] expected)
    {
        Assert.True(h.Diagnostics.Count == 0, "unexpected diagnostics: " + string.Join("; ", h.Diagnostics.Select(d => d.Message)));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], op.Results[i].Type.ToString());
        }
    }

    /// <summary>Asserts inference reported the code (and no internal error) and left the first result unknown.</summary>
    public static void AssertError(OpTestHelpers h, Op op, int code)
    {
        var messages = string.Join("; ", h.Diagnostics.Select(d => $"{d.Code}: {d.Message}"));
        Assert.True(h.Diagnostics.Any(d => d.Code.Number == code && d.IsError), $"expected QC{code}, got: {messages}");
        Assert.DoesNotContain(h.Diagnostics, d => d.Code.Number == 9002);
        Assert.Equal("?", op.Result.Type.ToString());
    }

    /// <summary>Creates a one-op graph, runs inference and returns the op.</summary>
    public static Op Run(OpTestHelpers h, string mnemonic, Value?[] inputs, AttributeMap? attrs = null, int results = 1)
    {
        var op = h.Op(mnemonic, inputs, attrs, results);
        h.Infer();
        return op;
    }

    private static AttributeValue ToAttr(object value) => value switch
    {
        long l => new IntAttr(l),
        int i => new IntAttr(i),
        float f => new FloatAttr(f),
        double d => new FloatAttr((float)d),
        string s => new StringAttr(s),
        long[] a => new IntsAttr([.. a]),
        AttributeValue a => a,
        _ => throw new ArgumentException($"no attribute for {value.GetType().Name}"),
    };
}
