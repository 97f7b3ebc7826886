using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>One named constant: its type and, unless elided in parsed text, its data.</summary>
public sealed class ConstantEntry
{
    internal ConstantEntry(string name, TensorType type, TensorData? data)
    {
        Name = name;
        Type = type;
        Data = data;
    }

    /// <summary>The constant's name (printed as <c>@name</c>).</summary>
    public string Name { get; }

    /// <summary>The tensor type (always static).</summary>
    public TensorType Type { get; }

    /// <summary>The data; null when the IR was parsed from text that elided it.</summary>
    public TensorData? Data { get; internal set; }
}

/// <summary>The module's constants by name. Enumerates in ordinal name order.</summary>
public sealed class ConstantTable : IEnumerable<ConstantEntry>
{
    private readonly SortedDictionary<string, ConstantEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of constants.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds a constant with data under a unique name derived from <paramref name="preferred"/>.</summary>
    public ConstantEntry Add(string preferred, TensorData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var type = TensorType.Of(data.ElementType, data.Dims);
        return AddEntry(preferred, type, data);
    }

    /// <summary>Adds a constant whose data is unknown (parsed IR text without constant contents).</summary>
    public ConstantEntry AddElided(string preferred, TensorType type) => AddEntry(preferred, type, null);

    /// <summary>Looks up a constant.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out ConstantEntry? entry) => _entries.TryGetValue(name, out entry);

    /// <summary>Removes a constant.</summary>
    public bool Remove(string name) => _entries.Remove(name);

    /// <inheritdoc/>
    public IEnumerator<ConstantEntry> GetEnumerator() => _entries.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private ConstantEntry AddEntry(string preferred, TensorType type, TensorData? data)
    {
        var name = string.IsNullOrEmpty(preferred) ? "c" : preferred;
        if (_entries.ContainsKey(name))
        {
            var i = 1;
            while (_entries.ContainsKey(name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                i++;
            }

            name = name + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var entry = new ConstantEntry(name, type, data);
        _entries.Add(name, entry);
        return entry;
    }
}
