using System.Text;
using Qc.Driver.Packages;

namespace Qc.Driver.Tests.Packages;

public sealed class PackagePlanSummaryTests
{
    [Fact]
    public void Read_Plan_CountsLayersPerWeightFormat()
    {
        var json = """{ "layers": [ { "weights": "int8" }, { "weights": "int4(group=32)" }, { "weights": "int8" }, { "name": "x" } ] }""";
        var s = PackagePlanSummary.Read(Encoding.UTF8.GetBytes(json));
        s.Layers.ShouldBe(4);
        s.Bytes.ShouldBe(json.Length);
        s.Formats.ShouldBe([new("?", 1), new("int4(group=32)", 1), new("int8", 2)]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{ "layers": 3 }""")]
    [InlineData("")]
    public void Read_Other_IsNotAPlanAndNeverThrows(string text)
    {
        var s = PackagePlanSummary.Read(Encoding.UTF8.GetBytes(text));
        s.Layers.ShouldBeNull();
        s.Formats.ShouldBeEmpty();
    }
}
