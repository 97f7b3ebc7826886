using System.Collections.Immutable;

namespace Qc.Recipe.Binding;

/// <summary>Names, types and values of <see cref="Fact"/>s.</summary>
public static class Facts
{
    /// <summary>Facts by name, in documentation order.</summary>
    public static ImmutableArray<(string Name, Fact Fact)> All { get; } =
    [
        ("op", Fact.Op), ("name", Fact.Name), ("weight", Fact.Weight), ("output", Fact.Output), ("inputs", Fact.Inputs),
        ("shape", Fact.Shape), ("params", Fact.Params), ("macs", Fact.Macs), ("out_channels", Fact.OutChannels),
        ("in_channels", Fact.InChannels), ("reduced", Fact.Reduced), ("group", Fact.Group), ("depth", Fact.Depth),
        ("index", Fact.Index), ("is_first", Fact.IsFirst), ("is_last", Fact.IsLast), ("is_depthwise", Fact.IsDepthwise),
    ];

    /// <summary>The fact with a name.</summary>
    public static Fact? Find(string name)
    {
        foreach (var (n, f) in All)
        {
            if (n == name)
            {
                return f;
            }
        }

        return null;
    }

    /// <summary>The fact's name.</summary>
    public static string NameOf(Fact fact) => All.First(a => a.Fact == fact).Name;

    /// <summary>The fact's type.</summary>
    public static BoundType TypeOf(Fact fact) => fact switch
    {
        Fact.Op or Fact.Name or Fact.Weight or Fact.Output => BoundType.String,
        Fact.Inputs => BoundType.StringList,
        Fact.Shape => BoundType.NumberList,
        Fact.IsFirst or Fact.IsLast or Fact.IsDepthwise => BoundType.Bool,
        _ => BoundType.Number,
    };

    /// <summary>The fact's unit.</summary>
    public static QuantityUnit UnitOf(Fact fact) => fact is Fact.Params or Fact.Macs ? QuantityUnit.Count : QuantityUnit.Scalar;
}
