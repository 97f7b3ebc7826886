using System.Text;
using Qc.Recipe.Text;

namespace Qc.Recipe.Binding;

/// <summary>Prints a bound recipe as canonical YAML: keys in the order of specs/recipe.md, includes merged, variables
/// substituted, expressions and codecs in canonical form, paths relative to the recipe. Binding the printed text gives
/// a recipe that prints identically.</summary>
public static class RecipePrinter
{
    /// <summary>The canonical text.</summary>
    public static string Print(BoundRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var w = new Writer();
        w.Line(0, "qc: " + Format.Int(recipe.Version));
        if (recipe.Model is { } model)
        {
            w.Line(0, "model: " + Path(recipe, model));
        }

        if (!recipe.Inputs.IsEmpty)
        {
            w.Line(0, "inputs:");
            foreach (var pin in recipe.Inputs)
            {
                w.Line(1, Key(pin.Name) + ": [" + string.Join(", ", pin.Dims.Select(Format.Int)) + "]");
            }
        }

        if (recipe.Target is { } target)
        {
            w.Line(0, "target: " + Quote(target.ToString()));
        }

        if (recipe.Calibration is { } c)
        {
            w.Line(0, "calibration:");
            w.Optional(1, "data", c.Data is null ? null : Path(recipe, c.Data));
            w.Optional(1, "samples", c.Samples is { } s ? Format.Int(s) : null);
            w.Optional(1, "activations", c.Activations is null ? null : Quote(CodecPrinter.Print(c.Activations)));
            w.Optional(1, "seed", c.Seed is { } seed ? Format.Int(seed) : null);
        }

        if (recipe.Quantize is { } q)
        {
            w.Line(0, "quantize:");
            w.Optional(1, "weights", q.Weights is null ? null : Quote(CodecPrinter.Print(q.Weights)));
            w.Optional(1, "activations", q.Activations is null ? null : Quote(CodecPrinter.Print(q.Activations)));
            if (!q.Rules.IsEmpty)
            {
                w.Line(1, "rules:");
                foreach (var rule in q.Rules)
                {
                    var first = true;
                    void Item(string key, string? value)
                    {
                        if (value is null)
                        {
                            return;
                        }

                        w.Line(2, (first ? "- " : "  ") + key + ": " + value);
                        first = false;
                    }

                    Item("name", rule.Name is null ? null : Quote(rule.Name));
                    Item("match", Quote(BoundExpressionPrinter.Print(rule.Match.Expression)));
                    Item("weights", rule.Weights is null ? null : Quote(CodecPrinter.Print(rule.Weights)));
                    Item("activations", rule.Activations is null ? null : Quote(CodecPrinter.Print(rule.Activations)));
                }
            }
        }

        if (recipe.Allocate is { } a)
        {
            w.Line(0, "allocate:");
            w.Line(1, "over: " + Quote(BoundExpressionPrinter.Print(a.Over.Expression)));
            w.Line(1, "choices:");
            foreach (var choice in a.Choices)
            {
                w.Line(2, "- " + Quote(CodecPrinter.Print(choice)));
            }

            w.Optional(1, "sensitivity", a.Sensitivity is null ? null : Quote(BoundExpressionPrinter.Print(a.Sensitivity.Expression)));
            w.Line(1, "minimize: " + a.Minimize);
            if (!a.SubjectTo.IsEmpty)
            {
                w.Line(1, "subject_to:");
                foreach (var s in a.SubjectTo)
                {
                    w.Line(2, "- " + Quote(BoundExpressionPrinter.Print(s.Expression)));
                }
            }

            if (!a.Tie.IsEmpty)
            {
                w.Line(1, "tie: [" + string.Join(", ", a.Tie) + "]");
            }
        }

        if (!recipe.Prune.IsEmpty)
        {
            w.Line(0, "prune:");
            foreach (var p in recipe.Prune)
            {
                if (p.Name is not null)
                {
                    w.Line(1, "- name: " + Quote(p.Name));
                    w.Line(1, "  match: " + Quote(BoundExpressionPrinter.Print(p.Match.Expression)));
                }
                else
                {
                    w.Line(1, "- match: " + Quote(BoundExpressionPrinter.Print(p.Match.Expression)));
                }

                w.Line(1, "  method: " + p.Method);
                w.Line(1, "  pattern: " + Quote(CodecPrinter.Print(p.Pattern)));
            }
        }

        if (recipe.Evaluate is { } e)
        {
            w.Line(0, "evaluate:");
            w.Optional(1, "data", e.Data is null ? null : Path(recipe, e.Data));
            w.Optional(1, "samples", e.Samples is { } s ? Format.Int(s) : null);
            w.Optional(1, "skip", e.Skip is { } k ? Format.Int(k) : null);
            w.Line(1, "metric: [" + string.Join(", ", e.Metrics.Select(CodecPrinter.Print)) + "]");
            w.Optional(1, "require", e.Require is null ? null : Quote(BoundExpressionPrinter.Print(e.Require.Expression)));
        }

        if (recipe.Output is { } output)
        {
            w.Line(0, "output: " + Path(recipe, output));
        }

        return w.ToString();
    }

    /// <summary>A path relative to the recipe file (paths from included fragments are rebased onto it).</summary>
    private static string Path(BoundRecipe recipe, BoundPath path)
    {
        var dir = System.IO.Path.GetDirectoryName(recipe.Syntax.Main.FullPath) ?? "/";
        var relative = System.IO.Path.GetRelativePath(dir, path.Full).Replace('\\', '/');
        return Quote(relative);
    }

    private static string Key(string name) => name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') && name.Length > 0 ? name : Quote(name);

    /// <summary>A single-quoted YAML scalar.</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private sealed class Writer
    {
        private readonly StringBuilder _sb = new();

        public void Line(int indent, string text) => _sb.Append(' ', indent * 2).Append(text).Append('\n');

        public void Optional(int indent, string key, string? value)
        {
            if (value is not null)
            {
                Line(indent, key + ": " + value);
            }
        }

        public override string ToString() => _sb.ToString();
    }
}
