namespace Qc.OnnxRuntime.Tests;

/// <summary>A group header of the expected-failure list: why its cases fail, and whether they may pass anyway.</summary>
/// <param name="Id">The short cause id, such as <c>opset-below-7</c>.</param>
/// <param name="Explanation">The explanation after the colon.</param>
/// <param name="MayPass">True for <c>[may pass]</c> groups (random outputs, environment-dependent), whose passing cases are not stale.</param>
internal sealed record ExpectedFailureCause(string Id, string Explanation, bool MayPass);
