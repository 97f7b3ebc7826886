using System.Text;

namespace Qc.Recipe.Tests;

/// <summary>Bad input never throws: mutated recipes (byte edits, truncations, deep nesting, huge numbers, invalid UTF-8)
/// give diagnostics and a result, never an exception or a hang.</summary>
public sealed class FuzzTests
{
    private static readonly string s_seed = File.ReadAllText(Path.Combine(TestRecipes.GoldenDir, "..", "..", "Qc.Recipe.Tests", "Binding", "approved",
        "CanonicalRoundTripTests.Canonical_OfTheFullRecipe.approved.txt"));

    private static readonly byte[] s_interesting = Encoding.UTF8.GetBytes("[]{}():,'\"#&*!|>%@-\n \t\\$~=<.0123456789eE%kMiB");

    private static RecipeResult RunBytes(byte[] bytes) =>
        RecipeFrontEnd.Run(RecipeLoader.Parse("fuzz.yaml", bytes, TestRecipes.Options()), TestRecipes.Load);

    private static void AssertHandled(byte[] bytes)
    {
        RecipeResult result;
        try
        {
            result = RunBytes(bytes);
        }
        catch (Exception e)
        {
            var text = Encoding.UTF8.GetString(bytes);
            throw new Xunit.Sdk.XunitException($"{e.GetType().Name}: {e.Message}\ninput:\n{text}\n{e.StackTrace}");
        }

        // every result is usable: either it bound, or it says why not
        Assert.True(result.Recipe is not null || result.Diagnostics.Any(d => d.IsError));
        _ = TestRecipes.Render(result);
        if (result.Recipe is { } recipe)
        {
            _ = RecipeFrontEnd.Canonical(recipe);
        }

        if (result.Plan is { } plan)
        {
            _ = Qc.Recipe.Planning.PlanPrinter.Table(plan);
        }
    }

    [Fact]
    public void RandomByteEdits_AreHandled()
    {
        var random = new Random(20250101);
        var seed = Encoding.UTF8.GetBytes(s_seed);
        for (var i = 0; i < 1500; i++)
        {
            var bytes = seed.ToList();
            var edits = 1 + random.Next(4);
            for (var e = 0; e < edits; e++)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(4))
                {
                    case 0:
                        bytes[at] = s_interesting[random.Next(s_interesting.Length)];
                        break;
                    case 1:
                        bytes.Insert(at, s_interesting[random.Next(s_interesting.Length)]);
                        break;
                    case 2:
                        bytes.RemoveAt(at);
                        break;
                    default:
                        bytes[at] = (byte)random.Next(256);
                        break;
                }
            }

            AssertHandled([.. bytes]);
        }
    }

    /// <summary>Random argument lists for every number format, as weights and as activations, through the binder, Qc.Formats'
    /// validation and the per-layer resolution (table and JSON plans): a plan or diagnostics, never an exception.</summary>
    [Fact]
    public void FormatArguments_InAnyCombination_AreHandled()
    {
        var random = new Random(20241122);
        string[] numbers = ["-9", "-1", "0", "1", "2", "3", "4", "8", "32", "1000", "2.5", "1k"];
        var formats = Qc.Recipe.Registry.CompressionRegistry.Default.Codecs.Values.Where(f => f.Kind == Qc.Recipe.Registry.FunctionKind.Format).ToList();
        foreach (var format in formats)
        {
            for (var round = 0; round < 40; round++)
            {
                var args = new List<string>();
                for (var n = random.Next(0, 4); n > 0; n--)
                {
                    var p = format.Parameters.IsEmpty ? null : format.Parameters[random.Next(format.Parameters.Length)];
                    args.Add(p is null ? "x"
                        : p.Type == Qc.Recipe.Registry.ParameterType.Choice
                            ? (random.Next(2) == 0 ? p.Name + "=" : string.Empty) + p.Choices[random.Next(p.Choices.Length)]
                            : p.Name + "=" + numbers[random.Next(numbers.Length)]);
                }

                var term = args.Count == 0 && random.Next(2) == 0 ? format.Name : $"{format.Name}({string.Join(", ", args)})";
                var key = random.Next(3) == 0 ? "activations" : "weights";
                var yaml = TestRecipes.Header + $"quantize:\n  {key}: '{term}'\n";
                AssertHandled(Encoding.UTF8.GetBytes(yaml));
                var result = RunBytes(Encoding.UTF8.GetBytes(yaml));
                if (result.Plan is { } plan)
                {
                    _ = Qc.Recipe.Planning.PlanPrinter.Json(plan);
                }
            }
        }
    }

    [Fact]
    public void Truncations_AreHandled()
    {
        var seed = Encoding.UTF8.GetBytes(s_seed);
        for (var n = 0; n <= seed.Length; n += 3)
        {
            AssertHandled(seed[..n]);
        }
    }

    [Fact]
    public void Lines_InAnyOrder_AreHandled()
    {
        var random = new Random(7);
        var lines = s_seed.Split('\n');
        for (var i = 0; i < 200; i++)
        {
            var shuffled = lines.OrderBy(_ => random.Next()).ToArray();
            AssertHandled(Encoding.UTF8.GetBytes(string.Join('\n', shuffled)));
        }
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void DeepYaml_IsHandled(int depth)
    {
        AssertHandled(Encoding.UTF8.GetBytes(TestRecipes.Header + "quantize: " + new string('[', depth) + new string(']', depth) + "\n"));
        AssertHandled(Encoding.UTF8.GetBytes(TestRecipes.Header + "quantize: " + string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth) + "\n"));
        var block = new StringBuilder(TestRecipes.Header);
        for (var i = 0; i < Math.Min(depth, 5000); i++)
        {
            block.Append(' ', i).Append("k").Append(i).Append(":\n");
        }

        AssertHandled(Encoding.UTF8.GetBytes(block.ToString()));
    }

    [Fact]
    public void DeepExpressions_AreHandled()
    {
        foreach (var expression in new[]
        {
            new string('(', 100_000) + "is_first" + new string(')', 100_000),
            string.Concat(Enumerable.Repeat("not ", 50_000)) + "is_first",
            string.Join(" or ", Enumerable.Repeat("is_first", 50_000)),
            "int8(" + string.Concat(Enumerable.Repeat("f(", 10_000)) + new string(')', 10_001),
            string.Join(" |> ", Enumerable.Repeat("int8", 10_000)),
            new string('[', 50_000) + new string(']', 50_000) + " == shape",
        })
        {
            AssertHandled(Encoding.UTF8.GetBytes(TestRecipes.Header + "quantize:\n  weights: '" + expression + "'\n  rules:\n    - match: '" + expression + "'\n      weights: fp16\n"));
        }
    }

    [Theory]
    [InlineData("params > 1e308 * 10")]
    [InlineData("params > 99999999999999999999999999999999999999")]
    [InlineData("params > 1e309")]
    [InlineData("shape[99999999999] == 1")]
    [InlineData("shape[-99999999999] == 1")]
    [InlineData("params > 1e300 * 1e300")]
    [InlineData("params > 0.0000000000000000000000000000001")]
    public void HugeNumbers_AreHandled(string selector)
    {
        AssertHandled(Encoding.UTF8.GetBytes(TestRecipes.Header + $"quantize:\n  rules:\n    - match: '{selector}'\n      weights: fp16\n"));
        AssertHandled(Encoding.UTF8.GetBytes(TestRecipes.Header + "quantize:\n  weights: int4(group=99999999999999999999)\ncalibration:\n  samples: 1e300\n"));
    }

    [Fact]
    public void InvalidUtf8_IsHandled()
    {
        var random = new Random(3);
        var seed = Encoding.UTF8.GetBytes(s_seed);
        for (var i = 0; i < 50; i++)
        {
            var bytes = (byte[])seed.Clone();
            bytes[random.Next(bytes.Length)] = (byte)(0x80 + random.Next(0x40));
            var result = RunBytes(bytes);
            Assert.Equal("QC1101", TestRecipes.Codes(result));
        }

        AssertHandled([0xFF, 0xFE, 0x00, 0x41]);
        AssertHandled([0xC0, 0x80]);
        AssertHandled([0xED, 0xA0, 0x80]);
    }

    [Fact]
    public void RandomBytes_AreHandled()
    {
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(200)];
            for (var b = 0; b < bytes.Length; b++)
            {
                bytes[b] = s_interesting[random.Next(s_interesting.Length)];
            }

            AssertHandled(bytes);
        }
    }

    [Fact]
    public void HostileRegex_IsHandled()
    {
        var result = TestRecipes.Run(TestRecipes.Header + "quantize:\n  rules:\n    - match: 'name ~ \"^(a+)+$\"'\n      weights: fp16\n");
        Assert.Equal("QC2032", TestRecipes.Codes(result));
    }

    [Fact]
    public void AliasBomb_IsHandled()
    {
        var yaml = new StringBuilder(TestRecipes.Header + "vars:\n  a: &a [x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 20; i++)
        {
            yaml.Append($"  a{i}: &a{i} [*a{(i == 1 ? "" : i - 1)}, *a{(i == 1 ? "" : i - 1)}, *a{(i == 1 ? "" : i - 1)}, *a{(i == 1 ? "" : i - 1)}]\n");
        }

        yaml.Append("quantize:\n  rules: *a19\n");
        AssertHandled(Encoding.UTF8.GetBytes(yaml.ToString()));
    }
}
