namespace Strangler.Gateway.Diffing;

/// <summary>One difference between the two answers.</summary>
/// <param name="Path">Where, as a JSON Pointer (<c>/items/3/etag</c>; the empty pointer is the whole body), or <c>status</c>, <c>header:name</c>, <c>body</c>.</param>
/// <param name="Field">
/// <paramref name="Path"/> with array indices as <c>*</c> (<c>/items/*/etag</c>): what results are grouped by, so
/// the same field of every element counts as one.
/// </param>
/// <param name="Kind">How it differs.</param>
/// <param name="Legacy">
/// Legacy's value as JSON text, or null when legacy has none. Whole and unredacted as compared (a <c>body</c>
/// difference holds an excerpt); a stored sample's differences are redacted and trimmed (<c>DifferenceRedactor</c>).
/// </param>
/// <param name="New">The new side's value, as <paramref name="Legacy"/>.</param>
internal sealed record Difference(string Path, string Field, DiffKind Kind, string? Legacy, string? New);
