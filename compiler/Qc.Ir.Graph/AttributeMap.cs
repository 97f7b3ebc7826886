using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Qc.Ir.Graph;

/// <summary>An op's attributes, sorted by name (ordinal) so printing is deterministic.</summary>
public sealed class AttributeMap : IEnumerable<KeyValuePair<string, AttributeValue>>
{
    private readonly ImmutableSortedDictionary<string, AttributeValue> _items;

    private AttributeMap(ImmutableSortedDictionary<string, AttributeValue> items) => _items = items;

    /// <summary>No attributes.</summary>
    public static AttributeMap Empty { get; } = new(ImmutableSortedDictionary.Create<string, AttributeValue>(StringComparer.Ordinal));

    /// <summary>Number of attributes.</summary>
    public int Count => _items.Count;

    /// <summary>Creates a map from pairs (later duplicates win).</summary>
    public static AttributeMap From(IEnumerable<KeyValuePair<string, AttributeValue>> items)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var kv in items)
        {
            b[kv.Key] = kv.Value;
        }

        return new AttributeMap(b.ToImmutable());
    }

    /// <summary>Returns a map with one attribute set.</summary>
    public AttributeMap With(string name, AttributeValue value) => new(_items.SetItem(name, value));

    /// <summary>Returns a map without one attribute.</summary>
    public AttributeMap Without(string name) => new(_items.Remove(name));

    /// <summary>True when the attribute is present.</summary>
    public bool Contains(string name) => _items.ContainsKey(name);

    /// <summary>Looks up an attribute.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out AttributeValue? value) => _items.TryGetValue(name, out value);

    /// <summary>An integer attribute, or the fallback.</summary>
    public long GetInt(string name, long fallback) => _items.TryGetValue(name, out var v) && v is IntAttr i ? i.Value : fallback;

    /// <summary>A float attribute, or the fallback.</summary>
    public float GetFloat(string name, float fallback) => _items.TryGetValue(name, out var v) && v is FloatAttr f ? f.Value : fallback;

    /// <summary>A string attribute, or the fallback.</summary>
    public string GetString(string name, string fallback) => _items.TryGetValue(name, out var v) && v is StringAttr s ? s.Value : fallback;

    /// <summary>An integer-list attribute, or null when absent.</summary>
    public ImmutableArray<long>? GetInts(string name) => _items.TryGetValue(name, out var v) && v is IntsAttr i ? i.Values : null;

    /// <summary>A float-list attribute, or null when absent.</summary>
    public ImmutableArray<float>? GetFloats(string name) => _items.TryGetValue(name, out var v) && v is FloatsAttr f ? f.Values : null;

    /// <summary>A string-list attribute, or null when absent.</summary>
    public ImmutableArray<string>? GetStrings(string name) => _items.TryGetValue(name, out var v) && v is StringsAttr s ? s.Values : null;

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, AttributeValue>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
