namespace Qc.OnnxRuntime.Tests;

/// <summary>One line of the expected-failure list: a case id, its group's cause and the line's own reason.</summary>
internal sealed record ExpectedFailure(string Id, ExpectedFailureCause Cause, string Reason);
