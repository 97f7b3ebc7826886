namespace Qc.Recipe.Binding;

/// <summary>Where an expression is bound; decides which names it may use.</summary>
internal enum ExpressionContext
{
    /// <summary>A selector (<c>match</c>, <c>over</c>): op facts, op types, <c>attr.NAME</c>, <c>fp32.*</c>.</summary>
    Selector,

    /// <summary>An allocate budget (<c>subject_to</c>): <c>size</c>, <c>bops</c>, <c>latency</c>, <c>sensitivity</c>, <c>fp32.*</c>.</summary>
    Budget,

    /// <summary>An accuracy gate (<c>evaluate.require</c>): metrics, <c>size</c>, <c>bops</c>, <c>latency</c>, <c>fp32.*</c>.</summary>
    Gate,

    /// <summary>A sensitivity formula: sensitivity measures and numbers.</summary>
    Sensitivity,

    /// <summary>A constant: numbers, units and arithmetic only.</summary>
    Constant,
}
