using System.Text;
using System.Text.Json.Nodes;
using Shouldly;

namespace Qc.Package.Tests;

/// <summary>The manifest's JSON form and rules: deterministic text, strict reading, one specific message per broken rule.</summary>
public sealed class ManifestTests
{
    private static string Json() => Encoding.UTF8.GetString(ManifestJson.Serialize(Samples.Manifest()));

    private static PackageException Invalid(string manifestJson)
    {
        try
        {
            using var p = QcPackage.FromBytes(RawPackage.WithManifest(manifestJson));
        }
        catch (PackageException e)
        {
            return e;
        }

        throw new Xunit.Sdk.XunitException("the manifest was accepted:\n" + manifestJson);
    }

    /// <summary>The sample manifest with one edit to its JSON tree.</summary>
    private static string Edit(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Json())!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    [Fact]
    public void Serialize_IsStableText()
    {
        var json = Json();
        json.ShouldBe(Json());
        json.ShouldStartWith("{\n  \"format\": 1,\n  \"qcVersion\": \"0.1.0-test\",\n  \"inputs\": [\n");
        json.ShouldEndWith("}\n");
        json.ShouldNotContain("\r");
        json.ShouldContain("\"dtype\": \"f32\"");
        json.ShouldContain("\"kind\": \"weight\"");
        json.ShouldContain("\"kind\": \"cuda\"");
        json.ShouldNotContain("\"grid\": null");
        json.ShouldContain("\"sharedBytes\": 0");
    }

    [Fact]
    public void Deserialize_RoundTrips()
    {
        var m = ManifestJson.Deserialize(ManifestJson.Serialize(Samples.Manifest()));
        Encoding.UTF8.GetString(ManifestJson.Serialize(m)).ShouldBe(Json());
        m.Buffers[1].Offset.ShouldBe(0);
        m.Buffers[0].Offset.ShouldBeNull();
        m.Targets[1].Kernels[0].Block.ShouldBe([64, 1, 1]);
        foreach (var t in QcDTypes.All)
        {
            QcDTypes.TryParse(QcDTypes.Name(t), out var back).ShouldBeTrue();
            back.ShouldBe(t);
        }
    }

    [Theory]
    [InlineData("", "'$'")]
    [InlineData("not json", "'$'")]
    [InlineData("[]", "'$'")]
    [InlineData("null", "the document is null")]
    [InlineData("{\"format\": 1}", "missing required properties")]
    public void NotAManifest_IsManifestInvalid(string text, string expected)
    {
        var e = Invalid(text);
        e.Code.ShouldBe(PackageErrorCode.ManifestInvalid);
        e.Message.ShouldStartWith("QC7014: manifest invalid");
        e.Message.ShouldContain(expected);
        e.Section.ShouldBe(SectionNames.Manifest);
    }

    [Fact]
    public void NonUtf8_IsManifestInvalid()
    {
        var e = Should.Throw<PackageException>(() => QcPackage.FromBytes(RawPackage.WithManifest(new byte[] { 0x7B, 0xFF, 0x7D })));
        e.Code.ShouldBe(PackageErrorCode.ManifestInvalid);
        e.Message.ShouldContain("UTF-8");
    }

    public static TheoryData<string, string> BrokenRules() => new()
    {
        { Edit(r => r["extra"] = 1), "'$.extra'" },
        { Edit(r => r["format"] = 2), "'format': unsupported manifest format 2" },
        { Edit(r => r["format"] = "1"), "'$.format'" },
        { Edit(r => r["qcVersion"] = ""), "'qcVersion': must not be empty" },
        { Edit(r => r["qcVersion"] = null), "qcVersion" },
        { Edit(r => r["arenaBytes"] = 100), "'arenaBytes': must be a non-negative multiple of 64" },
        { Edit(r => r["arenaBytes"] = -64), "'arenaBytes'" },
        { Edit(r => r["arenaBytes"] = 1.5), "'$.arenaBytes'" },
        { Edit(r => r["buffers"]![0]!["id"] = 3), "'buffers[0].id': must equal the buffer's position 0" },
        { Edit(r => r["buffers"]![0]!["dtype"] = "f8"), "unknown element type 'f8'" },
        { Edit(r => r["buffers"]![0]!["dtype"] = 0), "an element type must be a string" },
        { Edit(r => r["buffers"]![0]!["kind"] = "scratch"), "'$.buffers[0].kind'" },
        { Edit(r => r["buffers"]![0]!["kind"] = 0), "'$.buffers[0].kind'" },
        { Edit(r => r["buffers"]![0]!["name"] = "w"), "'buffers[1].name': duplicate buffer name 'w'" },
        { Edit(r => r["buffers"]![0]!["name"] = ""), "'buffers[0].name': must not be empty" },
        { Edit(r => r["buffers"]![0]!["bytes"] = 25), "'buffers[0].bytes': must be 24 for f32 [2, 3], not 25" },
        { Edit(r => r["buffers"]![0]!["shape"]![0] = -2), "'buffers[0].shape[0]': dimensions must be non-negative" },
        { Edit(r => r["buffers"]![0]!["shape"] = new JsonArray(long.MaxValue, 4)), "'buffers[0].shape': the tensor's byte size overflows" },
        { Edit(r => r["buffers"]![0]!["offset"] = 0), "'buffers[0].offset': must be absent for input buffers" },
        { Edit(r => r["buffers"]![1]!.AsObject().Remove("offset")), "'buffers[1].offset': is required for weight buffers" },
        { Edit(r => r["buffers"]![1]!["offset"] = 32), "'buffers[1].offset': must be a non-negative multiple of 64, not 32" },
        { Edit(r => r["buffers"]![1]!["offset"] = 4096), "'buffers[1].offset': weight bytes [4096, 4108) lie outside 'weights.bin' (69 bytes)" },
        { Edit(r => r["buffers"]![2]!["offset"] = 128), "'buffers[2].offset': arena bytes [128, 152) lie outside the arena (128 bytes)" },
        { Edit(r => r["buffers"]![2] = null), "buffers" },
        { Edit(r => r["inputs"]![0]!["buffer"] = 9), "'inputs[0].buffer': no buffer 9 (there are 5)" },
        { Edit(r => r["inputs"]![0]!["buffer"] = 3), "'inputs[0].buffer': buffer 3 ('y') is output, not input" },
        { Edit(r => r["inputs"]![0]!["dtype"] = "i32"), "'inputs[0]': 'x' is i32 [2, 3] but its buffer 0 is f32 [2, 3]" },
        { Edit(r => r["inputs"]![0]!["shape"] = new JsonArray(6)), "'inputs[0]': 'x' is f32 [6] but its buffer 0 is f32 [2, 3]" },
        { Edit(r => r["inputs"] = new JsonArray()), "'buffers[0].kind': input buffer 'x' is not listed in 'inputs'" },
        { Edit(r => r["outputs"]![0]!["name"] = ""), "'outputs[0].name': must not be empty" },
        { Edit(r => r["targets"] = new JsonArray()), "'targets': a package needs at least one target" },
        { Edit(r => r["targets"]![1]!["name"] = "x86_64-linux-gnu:x86-64-v3"), "'targets[1].name': duplicate target" },
        { Edit(r => r["targets"]![0]!["kind"] = "tpu"), "'$.targets[0].kind'" },
        { Edit(r => r["targets"]![0]!["code"] = "weights.bin"), "'targets[0].code': 'weights.bin' is not a code section name" },
        { Edit(r => r["targets"]![1]!["code"] = "code/x86_64-linux-gnu/x86-64-v3.so"), "'targets[1].code': section 'code/x86_64-linux-gnu/x86-64-v3.so' is used by two targets" },
        { Edit(r => r["targets"]![0]!["kernels"]![0]!["symbol"] = "1bad"), "'targets[0].kernels[0].symbol': '1bad' is not a C identifier" },
        { Edit(r => r["targets"]![0]!["kernels"]![0]!["symbol"] = "a-b"), "is not a C identifier" },
        { Edit(r => r["targets"]![0]!["kernels"]![0]!["name"] = ""), "'targets[0].kernels[0].name': must not be empty" },
        { Edit(r => r["targets"]![0]!["kernels"]![1]!["args"]![1] = 5), "'targets[0].kernels[1].args[1]': no buffer 5 (there are 5)" },
        { Edit(r => r["targets"]![0]!["kernels"]![1]!["args"]![1] = -1), "'targets[0].kernels[1].args[1]': no buffer -1" },
        { Edit(r => r["targets"]![0]!["kernels"]![0]!["grid"] = new JsonArray(1, 1, 1)), "'targets[0].kernels[0]': grid, block and sharedBytes are for CUDA kernels only" },
        { Edit(r => r["targets"]![1]!["kernels"]![0]!.AsObject().Remove("grid")), "'targets[1].kernels[0].grid': must be three positive integers" },
        { Edit(r => r["targets"]![1]!["kernels"]![0]!["block"] = new JsonArray(64, 0, 1)), "'targets[1].kernels[0].block': must be three positive integers" },
        { Edit(r => r["targets"]![1]!["kernels"]![0]!["block"] = new JsonArray(64, 1)), "'targets[1].kernels[0].block'" },
        { Edit(r => r["targets"]![1]!["kernels"]![0]!["block"] = new JsonArray(64, 32, 1)), "'targets[1].kernels[0].block': a block has at most 1024 threads" },
        { Edit(r => r["targets"]![1]!["kernels"]![0]!["sharedBytes"] = -1), "'targets[1].kernels[0].sharedBytes'" },
        { Edit(r => r["targets"]![1]!["kernels"]![0]!.AsObject().Remove("sharedBytes")), "'targets[1].kernels[0].sharedBytes'" },
        { Json().Replace("\"format\": 1,", "\"format\": 1, \"format\": 1,", StringComparison.Ordinal), "format" },
        { Json().Replace("\"format\": 1,", "// comment\n\"format\": 1,", StringComparison.Ordinal), "'$'" },
        { Json()[..^3], "'$" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void BrokenRule_IsManifestInvalid_NamingTheField(string manifest, string expected)
    {
        var e = Invalid(manifest);
        e.Code.ShouldBe(PackageErrorCode.ManifestInvalid, e.Message);
        e.Message.ShouldContain(expected, Case.Sensitive, e.Message);
    }

    [Fact]
    public void MissingCodeSection_IsAMissingSection()
    {
        var e = Invalid(Edit(r => r["targets"]![0]!["code"] = "code/x86_64-linux-gnu/znver4.so"));
        e.Code.ShouldBe(PackageErrorCode.MissingSection);
        e.Message.ShouldBe("QC7013: missing section 'code/x86_64-linux-gnu/znver4.so' (code of target 'x86_64-linux-gnu:x86-64-v3')");
    }

    [Fact]
    public void Provenance_IsChecked()
    {
        var bytes = RawPackage.Build(
        [
            (SectionNames.Manifest, ManifestJson.Serialize(Samples.Manifest())),
            (SectionNames.Weights, Samples.Weights()),
            ("code/x86_64-linux-gnu/x86-64-v3.so", [1]),
            ("code/nvptx64-nvidia-cuda/sm_80.ptx", [1]),
            (SectionNames.Provenance, "{\"qcVersion\":\"1\",\"modelSha256\":\"XYZ\",\"recipeSha256\":\"\"}"u8.ToArray()),
        ]);
        var e = Should.Throw<PackageException>(() => QcPackage.FromBytes(bytes));
        e.Code.ShouldBe(PackageErrorCode.ProvenanceInvalid);
        e.Message.ShouldContain("'modelSha256'");
        var writer = new PackageWriter().AddProvenance(Samples.Provenance() with { RecipeSha256 = "00" }).AddManifest(Samples.Manifest())
            .Add(SectionNames.Weights, Samples.Weights()).Add("code/x86_64-linux-gnu/x86-64-v3.so", [1]).Add("code/nvptx64-nvidia-cuda/sm_80.ptx", [1]);
        Should.Throw<PackageException>(writer.ToArray).Code.ShouldBe(PackageErrorCode.ProvenanceInvalid);
    }

    [Fact]
    public void ManifestMutations_NeverThrowAnotherException()
    {
        var json = ManifestJson.Serialize(Samples.Manifest());
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var b = (byte[])json.Clone();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                const string alphabet = "{}[]\",:0123456789-.aeflnrstu \n";
                b[random.Next(b.Length)] = (byte)alphabet[random.Next(alphabet.Length)];
            }

            try
            {
                using var p = QcPackage.FromBytes(RawPackage.WithManifest(b));
            }
            catch (PackageException e)
            {
                e.Code.ShouldBeOneOf(PackageErrorCode.ManifestInvalid, PackageErrorCode.MissingSection);
            }
        }
    }
}
