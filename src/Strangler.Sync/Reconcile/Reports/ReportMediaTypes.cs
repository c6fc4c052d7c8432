using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Strangler.Sync.Reconcile.Reports;

/// <summary>The media types a report is served as: the same bytes, one JSON object per line, under either name.</summary>
internal static class ReportMediaTypes
{
    public const string Ndjson = "application/x-ndjson";

    public const string JsonStream = "application/x-json-stream";

    public static readonly string[] All = [Ndjson, JsonStream];

    /// <summary>
    /// The type to answer in for <paramref name="accept"/>: the served type the client prefers (by q), NDJSON for a
    /// wildcard or no header; null when the client accepts neither.
    /// </summary>
    public static string? Negotiate(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept))
        {
            return Ndjson;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var values))
        {
            return null;
        }

        // q=0 means "not this one", also when a wildcard would otherwise allow it.
        var refused = values.Where(v => v.Quality == 0).Select(v => v.MediaType.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values.Where(v => v.Quality != 0).OrderByDescending(v => v.Quality ?? 1))
        {
            var type = value.MediaType.Value;
            if (All.FirstOrDefault(t => string.Equals(t, type, StringComparison.OrdinalIgnoreCase)) is { } exact)
            {
                return exact;
            }

            if (type is "*/*" || string.Equals(type, "application/*", StringComparison.OrdinalIgnoreCase))
            {
                if (All.FirstOrDefault(t => !refused.Contains(t)) is { } allowed)
                {
                    return allowed;
                }
            }
        }

        return null;
    }
}
