using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Qc.Core.Diagnostics;
using Qc.Core.Tensors;

namespace Qc.Ir.Graph;

/// <summary>What an op's type inference can see and report: constant contents, known shape values, and diagnostics.</summary>
/// <remarks>
/// "Shape values" are the known contents of small 1-D (or scalar) integer tensors, element by element, possibly symbolic:
/// <c>Shape</c> produces them and ops such as <c>Gather</c>, <c>Slice</c>, <c>Concat</c>, <c>Unsqueeze</c> and integer
/// arithmetic propagate them, so that <c>Reshape(x, Concat(Shape(x)[0], -1))</c> gets a static result type.
/// "Sequence lengths" are the known (possibly symbolic) numbers of elements of sequence values: <c>SequenceEmpty</c>,
/// <c>SequenceConstruct</c> and <c>SplitToSequence</c> produce them and the other sequence ops propagate them, so that
/// <c>ConcatFromSequence</c> can size its axis and inserting into an empty sequence gives the inserted tensor's type.
/// </remarks>
public sealed class InferenceContext
{
    private readonly Dictionary<Value, ImmutableArray<Dim>> _shapeValues = [];
    private readonly Dictionary<Value, Dim> _sequenceLengths = [];
    private readonly Func<Op, Location> _locate;

    /// <summary>Creates a context over a module.</summary>
    public InferenceContext(GraphModule module, DiagnosticBag diagnostics, Func<Op, Location>? locate = null)
    {
        Module = module;
        Diagnostics = diagnostics;
        _locate = locate ?? (_ => Location.None);
    }

    /// <summary>The module being inferred.</summary>
    public GraphModule Module { get; }

    /// <summary>Where problems are reported.</summary>
    public DiagnosticBag Diagnostics { get; }

    /// <summary>The location used for diagnostics about an op.</summary>
    public Location Locate(Op op) => _locate(op);

    /// <summary>Reports an inference error about an op (see <see cref="InferenceCodes"/>).</summary>
    public void Error(Op op, int code, string message, string? hint = null) =>
        Diagnostics.Error(code, _locate(op), $"{message} in 'graph.{op.Mnemonic}'", hint);

    /// <summary>Reports a warning about an op.</summary>
    public void Warning(Op op, int code, string message, string? hint = null) =>
        Diagnostics.Warning(code, _locate(op), $"{message} in 'graph.{op.Mnemonic}'", hint);

    /// <summary>The data of a value produced by a constant with known contents.</summary>
    public bool TryGetConstant(Value? value, [NotNullWhen(true)] out TensorData? data)
    {
        if (value?.Producer is ConstantOp { Constant.Data: { } d })
        {
            data = d;
            return true;
        }

        data = null;
        return false;
    }

    /// <summary>Records the known contents of a small integer tensor (1-D or scalar).</summary>
    public void SetShapeValue(Value value, ImmutableArray<Dim> elements) => _shapeValues[value] = elements;

    /// <summary>The known contents of a small integer tensor, from a constant or from propagation.</summary>
    public ImmutableArray<Dim>? GetShapeValue(Value? value)
    {
        if (value is null)
        {
            return null;
        }

        if (_shapeValues.TryGetValue(value, out var dims))
        {
            return dims;
        }

        if (TryGetConstant(value, out var data) && data.Rank <= 1 && data.ElementCount <= 64
            && (data.ElementType.IsInteger() || data.ElementType == ElementType.Bool))
        {
            return [.. data.ToInt64Array().Select(Dim.Of)];
        }

        return null;
    }

    /// <summary>Records the known number of elements of a sequence value (unknown lengths are not recorded).</summary>
    public void SetSequenceLength(Value value, Dim length)
    {
        if (length.IsStatic || length.Symbol is not null)
        {
            _sequenceLengths[value] = length;
        }
    }

    /// <summary>The known number of elements of a sequence value, or null when not known.</summary>
    public Dim? GetSequenceLength(Value? value) => value is not null && _sequenceLengths.TryGetValue(value, out var n) ? n : null;

    /// <summary>True when a value is known to be a sequence without elements.</summary>
    public bool IsEmptySequence(Value? value) => GetSequenceLength(value) is { Value: 0 };

    /// <summary>The known integer contents of a value when all are static.</summary>
    public long[]? GetStaticInts(Value? value)
    {
        var dims = GetShapeValue(value);
        if (dims is not { } d || !d.All(x => x.IsStatic))
        {
            return null;
        }

        return [.. d.Select(x => x.Value!.Value)];
    }

    /// <summary>Infers every op of a graph in order. Control-flow ops call this for their regions after typing the region parameters.</summary>
    public void InferGraph(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        foreach (var op in graph.Ops)
        {
            try
            {
                op.InferTypes(this);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException
                or OverflowException or NullReferenceException or ArithmeticException or FormatException)
            {
                Diagnostics.Error(9002, _locate(op), $"internal error while inferring types of 'graph.{op.Mnemonic}': {e.GetType().Name}: {e.Message}",
                    "this is a bug in qc; please report it with the model");
            }
        }
    }

    /// <summary>The known float contents of a constant value.</summary>
    public double[]? GetStaticDoubles(Value? value) =>
        TryGetConstant(value, out var data) && data.ElementType != ElementType.String ? data.ToDoubleArray() : null;
}
