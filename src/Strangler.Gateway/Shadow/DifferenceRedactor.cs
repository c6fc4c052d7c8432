using System.Text.Json;
using System.Text.Json.Nodes;
using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Makes a sample's differences safe to show, as <see cref="SampleRedactor"/> does its bodies: a difference under a
/// secret-looking or configured path redacted whole; a JSON value (an object that one side lacks, with all its fields)
/// redacted inside; the <c>body</c> difference cut from the already redacted sample bodies; every value scrubbed of the
/// client's secrets, and only then trimmed.
/// </summary>
internal static class DifferenceRedactor
{
    /// <summary>Longest value text shown in a difference; the sample pair carries the whole (trimmed) bodies.</summary>
    public const int MaxValueChars = 200;

    public static IReadOnlyList<Difference> Redact(ShadowPlan plan, AnswerComparison comparison, ShadowSampleAnswer legacy,
        ShadowSampleAnswer @new, SecretValues secrets) =>
        comparison.Differences.Select(d => d switch
        {
            _ when IsSecretPath(plan, d.Path) => d with { Legacy = d.Legacy is null ? null : SampleRedactor.Redacted, New = d.New is null ? null : SampleRedactor.Redacted },
            // Excerpts of the raw bodies: a JSON body cut to an excerpt no longer parses, so its fields could not be
            // redacted, and a cut could halve an echoed secret that the scrub then would not recognise.
            { Path: AnswerComparer.BodyField } when !comparison.TooLarge => d with { Legacy = Excerpt(legacy), New = Excerpt(@new) },
            _ when IsPointer(d.Path) => d with { Legacy = Json(plan, d.Path, d.Legacy, secrets), New = Json(plan, d.Path, d.New, secrets) },
            _ => d with { Legacy = Trim(Text(d.Legacy, secrets)), New = Trim(Text(d.New, secrets)) },
        }).ToArray();

    // A JSON Pointer under a secret-looking field (its whole subtree is redacted in the bodies), or a compared header.
    private static bool IsSecretPath(ShadowPlan plan, string path) =>
        path.StartsWith(AnswerComparer.HeaderFieldPrefix, StringComparison.Ordinal)
            ? SampleRedactor.IsSecretHeader(plan, path[AnswerComparer.HeaderFieldPrefix.Length..])
            : plan.RedactFields.Any(p => p.CoversPointer(path)) || path.Split('/').Any(SecretNames.Looks);

    // The whole body is the empty pointer; the pseudo-fields (status, header:, body) are not pointers.
    private static bool IsPointer(string path) => path.Length == 0 || path[0] == '/';

    private static string? Json(ShadowPlan plan, string path, string? value, SecretValues secrets)
    {
        if (value is null)
        {
            return null;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            // The comparer writes each value as the upstream's JSON text, so this does not happen; if it did, the
            // value could not be redacted field by field.
            return SampleRedactor.Redacted;
        }

        return Trim(SampleRedactor.Json(plan, node, [.. PointerPattern.Segments(path)], secrets));
    }

    private static string? Text(string? value, SecretValues secrets) =>
        value is null ? null : SampleRedactor.Queries(secrets.Scrub(value));

    private static string Excerpt(ShadowSampleAnswer side) =>
        side.Body.Length > MaxValueChars || side.BodyTruncated ? string.Concat(side.Body.AsSpan(0, Math.Min(side.Body.Length, MaxValueChars)), "…") : side.Body;

    private static string? Trim(string? text) =>
        text is null || text.Length <= MaxValueChars ? text : string.Concat(text.AsSpan(0, MaxValueChars), "…");
}
