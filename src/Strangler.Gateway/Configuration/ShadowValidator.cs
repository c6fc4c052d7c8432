namespace Strangler.Gateway.Configuration;

/// <summary>Checks the meaning of a route's <see cref="ShadowSettings"/>; every problem is reported, each naming its field.</summary>
internal static class ShadowValidator
{
    /// <summary>64 MiB: a shadow holds up to two copies of this per request in memory; real JSON answers are far smaller.</summary>
    public const long MaxBodyBytesLimit = 64L * 1024 * 1024;

    /// <summary>Five minutes: a shadow slower than that holds a concurrency slot for nothing anyone will read.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public const int MaxConcurrencyLimit = 1024;
    public const int MaxQueueLength = 100_000;
    public const int MaxListEntries = 64;
    public const int MaxPointerLength = 512;

    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal) { "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE" };

    public static void Validate(string file, ShadowSettings shadow, List<RouteValidationError> errors)
    {
        Range(file, "percentage", shadow.Percentage, 0, 100, errors);
        Range(file, "noisePercentage", shadow.NoisePercentage, 0, 100, errors);
        Range(file, "maxConcurrency", shadow.MaxConcurrency, 1, MaxConcurrencyLimit, errors);
        Range(file, "queueLength", shadow.QueueLength, 1, MaxQueueLength, errors);
        Range(file, "maxBodyBytes", shadow.MaxBodyBytes, 1, MaxBodyBytesLimit, errors);
        if (shadow.Timeout <= TimeSpan.Zero || shadow.Timeout > MaxTimeout)
        {
            errors.Add(new(file, "shadow.timeout", $"{shadow.Timeout:c} is out of range: more than zero and at most {MaxTimeout:c}"));
        }

        if (shadow.Methods.Count == 0)
        {
            errors.Add(new(file, "shadow.methods", "must name at least one method, e.g. [\"GET\", \"HEAD\"]"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < shadow.Methods.Count; i++)
        {
            var method = shadow.Methods[i];
            if (!KnownMethods.Contains(method))
            {
                errors.Add(new(file, $"shadow.methods[{i}]", $"'{method}' is not one of {string.Join(", ", KnownMethods)} (upper case)"));
            }
            else if (!seen.Add(method))
            {
                errors.Add(new(file, $"shadow.methods[{i}]", $"'{method}' is listed twice"));
            }
        }

        Pointers(file, "ignore", shadow.Ignore, errors);
        Pointers(file, "arraysAsSets", shadow.ArraysAsSets, errors);
        Pointers(file, "redactFields", shadow.RedactFields, errors);
        Headers(file, "compareHeaders", shadow.CompareHeaders, errors);
        Headers(file, "ignoreHeaders", shadow.IgnoreHeaders, errors);
        Headers(file, "redactHeaders", shadow.RedactHeaders, errors);
    }

    private static void Range(string file, string field, long value, long min, long max, List<RouteValidationError> errors)
    {
        if (value < min || value > max)
        {
            errors.Add(new(file, $"shadow.{field}", $"{value} is out of range {min}..{max}"));
        }
    }

    private static void Pointers(string file, string field, IReadOnlyList<string> pointers, List<RouteValidationError> errors)
    {
        if (pointers.Count > MaxListEntries)
        {
            errors.Add(new(file, $"shadow.{field}", $"has {pointers.Count} entries, more than the {MaxListEntries} allowed"));
            return;
        }

        for (var i = 0; i < pointers.Count; i++)
        {
            var pointer = pointers[i];
            if (pointer.Length is 0 or > MaxPointerLength || pointer[0] != '/')
            {
                errors.Add(new(file, $"shadow.{field}[{i}]",
                    $"'{(pointer.Length > 32 ? pointer[..32] + "…" : pointer)}' is not a JSON Pointer: it must start with '/' and be at most {MaxPointerLength} characters, e.g. \"/items/*/etag\""));
            }
        }
    }

    private static void Headers(string file, string field, IReadOnlyList<string> headers, List<RouteValidationError> errors)
    {
        if (headers.Count > MaxListEntries)
        {
            errors.Add(new(file, $"shadow.{field}", $"has {headers.Count} entries, more than the {MaxListEntries} allowed"));
            return;
        }

        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i];
            if (name.Length is 0 or > 256 || !name.All(IsTokenChar))
            {
                errors.Add(new(file, $"shadow.{field}[{i}]", $"'{name}' is not an HTTP header name"));
            }
        }
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
