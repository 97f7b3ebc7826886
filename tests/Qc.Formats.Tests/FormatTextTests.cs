namespace Qc.Formats.Tests;

public sealed class FormatTextTests
{
    [Theory]
    [InlineData("int8(per_tensor)")]
    [InlineData("int8(axis=0)")]
    [InlineData("int8(axis=-1, range=restricted)")]
    [InlineData("int4(group=32)")]
    [InlineData("int4(group=128, scale=f16)")]
    [InlineData("int4(group=128, asymmetric, scale=f16, zero_bits=16)")]
    [InlineData("int4(group=7, axis=0, scale=e8m0)")]
    [InlineData("int3(axis=1, asymmetric)")]
    [InlineData("int2(per_tensor)")]
    [InlineData("uint8(per_tensor)")]
    [InlineData("uint4(group=64, axis=0, zero_bits=8)")]
    [InlineData("uint2(axis=0, scale=f16)")]
    [InlineData("uint3(per_tensor)")]
    [InlineData("fp8_e4m3")]
    [InlineData("fp8_e4m3(axis=0)")]
    [InlineData("fp8_e5m2(scale=none)")]
    [InlineData("fp8_e5m2(group=32, scale=f16)")]
    [InlineData("fp4_e2m1(group=32)")]
    [InlineData("fp4_e2m1(group=16, scale=f16)")]
    [InlineData("nf4(group=64)")]
    [InlineData("nf4(group=64, axis=0, scale=f16)")]
    public void CanonicalText_RoundTrips(string text)
    {
        var f = NumberFormat.Parse(text);
        Assert.Equal(text, f.ToString());
        Assert.Equal(f, NumberFormat.Parse(f.ToString()));
    }

    [Theory]
    [InlineData("int8", "int8(per_tensor)")]
    [InlineData("int8(axis=0, symmetric)", "int8(axis=0)")]
    [InlineData(" int8 ( axis = 0 , symmetric ) ", "int8(axis=0)")]
    [InlineData("uint8", "uint8(per_tensor)")]
    [InlineData("uint8(asymmetric, per_tensor)", "uint8(per_tensor)")]
    [InlineData("int4(group=32, axis=1, range=full, scale=f32)", "int4(group=32)")]
    [InlineData("int4(group=32, asymmetric, zero_bits=4)", "int4(group=32, asymmetric)")]
    [InlineData("nf4", "nf4(group=64)")]
    [InlineData("nf4(axis=0)", "nf4(group=64, axis=0)")]
    [InlineData("fp4_e2m1", "fp4_e2m1(group=32)")]
    [InlineData("fp4_e2m1(scale=e8m0)", "fp4_e2m1(group=32)")]
    [InlineData("fp8_e4m3(per_tensor, scale=f32)", "fp8_e4m3")]
    [InlineData("fp8_e4m3()", "fp8_e4m3")]
    public void Parse_NormalizesToCanonical(string text, string canonical) =>
        Assert.Equal(canonical, NumberFormat.Parse(text).ToString());

    [Fact]
    public void Parse_BuildsExpectedRecords()
    {
        var f = Assert.IsType<IntegerFormat>(NumberFormat.Parse("uint4(group=32, axis=0, scale=f16, zero_bits=8)"));
        Assert.Equal(4, f.Bits);
        Assert.False(f.Signed);
        Assert.False(f.Symmetric);
        Assert.Equal(new Grouped(32, 0), f.Granularity);
        Assert.Equal(ScalePrecision.F16, f.Scale);
        Assert.Equal(8, f.ZeroPointBits);
        Assert.Equal((0, 15), (f.QMin, f.QMax));

        var s = Assert.IsType<IntegerFormat>(NumberFormat.Parse("int8(axis=0)"));
        Assert.Equal(new PerChannel(0), s.Granularity);
        Assert.Equal((-128, 127), (s.QMin, s.QMax));
        Assert.Equal(0, s.ZeroPointBits);
        Assert.Equal((-127, 127), (((IntegerFormat)NumberFormat.Parse("int8(per_tensor, range=restricted)")).QMin, 127));
        Assert.Equal((-4, 3), (((IntegerFormat)NumberFormat.Parse("int3")).QMin, ((IntegerFormat)NumberFormat.Parse("int3")).QMax));

        var t = Assert.IsType<TableFormat>(NumberFormat.Parse("nf4"));
        Assert.Equal(TableKind.Nf4, t.Kind);
        Assert.Equal(new Grouped(64, 1), t.Granularity);
        Assert.Equal(4, t.CodeBits);
        Assert.Equal(8, NumberFormat.Parse("fp8_e5m2").CodeBits);
    }

    [Theory]
    [InlineData("int5", "unknown number format 'int5'; known formats: int2, int3, int4, int8, uint2, uint3, uint4, uint8, fp8_e4m3, fp8_e5m2, fp4_e2m1, nf4")]
    [InlineData("int4(grp=32)", "int4: unknown argument 'grp'; expected one of per_tensor, axis, group, symmetric, asymmetric, range, scale, zero_bits")]
    [InlineData("int4(group=abc)", "int4: argument 'group' expects an integer (group=<integer>), got 'abc'")]
    [InlineData("int4(group)", "int4: argument 'group' expects an integer (group=<integer>), got no value")]
    [InlineData("int4(group=0)", "int4: group must be a positive integer, got 0")]
    [InlineData("nf4(group=-64)", "nf4: group must be a positive integer, got -64")]
    [InlineData("int4(group=32, group=64)", "int4: argument 'group' is given more than once")]
    [InlineData("int8(symmetric=true)", "int8: 'symmetric' is a flag and takes no value (write 'symmetric', not 'symmetric=true')")]
    [InlineData("int8(scale=f64)", "int8: argument 'scale' must be one of f32, f16, e8m0, got 'f64'")]
    [InlineData("int8(scale=none)", "int8: argument 'scale' must be one of f32, f16, e8m0, got 'none'")]
    [InlineData("int8(per_tensor, axis=0)", "int8: 'per_tensor' cannot be combined with axis")]
    [InlineData("int8(per_tensor, group=32)", "int8: 'per_tensor' cannot be combined with group")]
    [InlineData("int8(symmetric, asymmetric)", "int8: 'symmetric' and 'asymmetric' exclude each other")]
    [InlineData("uint8(symmetric)", "uint8: an unsigned format cannot be symmetric; use int8(symmetric) or uint8(asymmetric)")]
    [InlineData("uint8(range=restricted)", "uint8: range=restricted applies to signed formats only")]
    [InlineData("int4(zero_bits=8)", "int4: zero_bits needs an asymmetric format (symmetric formats store no zero point)")]
    [InlineData("int4(asymmetric, zero_bits=2)", "int4: zero_bits must be between 4 and 16, got 2")]
    [InlineData("nf4(scale=none)", "nf4: scale=none needs per_tensor granularity (got group=64)")]
    [InlineData("nf4(symmetric)", "nf4: unknown argument 'symmetric'; expected one of per_tensor, axis, group, scale")]
    [InlineData("int8(axis=0", "int8: missing ')' at the end of 'int8(axis=0'")]
    [InlineData("int8(axis=)", "int8: argument 'axis' has an empty value")]
    [InlineData("int8(, axis=0)", "int8: expected an argument name, got ''")]
    [InlineData("", "expected a number format name, got ''")]
    public void Parse_ReportsErrors(string text, string expected)
    {
        Assert.False(NumberFormat.TryParse(text, out var f, out var error));
        Assert.Null(f);
        Assert.Equal(expected, error);
        Assert.Equal(expected, Assert.Throws<FormatException>(() => NumberFormat.Parse(text)).Message);
    }

    [Fact]
    public void Registry_ListsFormatsAndArguments()
    {
        Assert.Equal(12, FormatRegistry.Formats.Length);
        var nf4 = FormatRegistry.Find("nf4")!;
        var group = Assert.Single(nf4.Arguments, a => a.Name == "group");
        Assert.Equal(FormatArgumentKind.Integer, group.Kind);
        Assert.Equal("64", group.Default);
        var scale = Assert.Single(FormatRegistry.Find("int4")!.Arguments, a => a.Name == "scale");
        Assert.Equal(new[] { "f32", "f16", "e8m0" }, scale.Choices.ToArray());
        Assert.Equal("f32", scale.Default);
        Assert.Equal("e8m0", Assert.Single(FormatRegistry.Find("fp4_e2m1")!.Arguments, a => a.Name == "scale").Default);
        Assert.Null(FormatRegistry.Find("INT8"));
    }

    [Fact]
    public void Registry_TryCreate_FromSyntax()
    {
        Assert.True(FormatRegistry.TryCreate("int4", [new("group", "128"), new("scale", "f16")], out var f, out _));
        Assert.Equal("int4(group=128, scale=f16)", f.ToString());
        Assert.False(FormatRegistry.TryCreate("int4", [new("axis", "x")], out _, out var error));
        Assert.Equal("int4: argument 'axis' expects an integer (axis=<integer>), got 'x'", error);
    }

    [Fact]
    public void EveryRegisteredFormat_ParsesBareAndRoundTrips()
    {
        foreach (var name in FormatRegistry.Names)
        {
            var f = NumberFormat.Parse(name);
            Assert.Equal(name, f.Name);
            Assert.Equal(f, NumberFormat.Parse(f.ToString()));
        }
    }
}
