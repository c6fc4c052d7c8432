using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Reads one route file field by field (not with a serializer) so that every shape problem in the file is reported,
/// each naming its field, instead of stopping at the first. Meaning (ranges, URLs, paths) is checked by
/// <see cref="RouteValidator"/> afterwards.
/// </summary>
internal static class RouteFileReader
{
    private static readonly HashSet<string> KnownFields =
    [
        "name", "paths", "legacy", "new", "mode", "canaryPercentage", "cohort", "userKey", "fallbackToLegacy", "revision", "shadow",
        Rollout.Plan.RolloutPlanReader.Field,
    ];

    public static RouteDefinition? Read(string fileName, ReadOnlySpan<byte> fileBytes, List<RouteValidationError> errors) =>
        Read(fileName, fileBytes, errors, out _);

    /// <summary>Reads one file; <paramref name="index"/> locates its fields (null when it is not JSON) for errors found
    /// later, when the table is checked.</summary>
    public static RouteDefinition? Read(string fileName, ReadOnlySpan<byte> fileBytes, List<RouteValidationError> errors, out JsonPathIndex? index)
    {
        index = null;
        if (RouteFileText.Problem(fileBytes) is { } problem)
        {
            errors.Add(new(fileName, "", problem));
            return null;
        }

        var utf8Json = RouteFileText.WithoutBom(fileBytes);
        JsonDocument document;
        try
        {
            // Comments are not allowed: a flip rewrites the file and would silently drop them.
            document = JsonDocument.Parse(utf8Json.ToArray());
        }
        catch (JsonException ex)
        {
            var (message, position) = RouteJsonSyntax.Describe(utf8Json, ex);
            errors.Add(new(fileName, "", message) { Line = position.Line, Column = position.Column });
            return null;
        }

        using (document)
        {
            index = JsonPathIndex.Build(utf8Json);
            foreach (var duplicate in index.Duplicates)
            {
                errors.Add(new(fileName, duplicate.Path, duplicate.Message) { Line = duplicate.Line, Column = duplicate.Column, AtPropertyName = true });
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(fileName, "", $"must be one JSON object {{\"name\": ..., \"paths\": [...], ...}} describing one sub-domain, found {JsonValues.Kind(root)}"));
                return null;
            }

            UnknownFields.Check(fileName, root, "", KnownFields, errors);

            var name = RequiredString(fileName, root, "name", errors);
            var paths = ReadPaths(fileName, root, errors);
            var legacy = RequiredString(fileName, root, "legacy", errors);
            var newUrl = RequiredString(fileName, root, "new", errors);
            var mode = ReadMode(fileName, root, errors);
            var percentage = ReadPercentage(fileName, root, errors);
            var cohort = OptionalString(fileName, root, "cohort", errors);
            var userKey = ReadUserKey(fileName, root, errors);
            var fallback = OptionalBool(fileName, root, "fallbackToLegacy", errors) ?? true;
            var revision = ReadRevision(fileName, root, errors);
            var rollout = Rollout.Plan.RolloutPlanReader.Read(fileName, root, errors);
            var shadow = ShadowBlockReader.Read(fileName, root, errors);

            // Returned even when some fields were bad (with placeholders), so the meaning of the good fields is
            // still checked and reported in the same run; the caller never serves a file that had errors.
            return new RouteDefinition
            {
                Name = name ?? "",
                Paths = paths,
                Legacy = legacy ?? "",
                New = newUrl ?? "",
                Mode = mode,
                CanaryPercentage = percentage,
                Cohort = cohort,
                UserKey = userKey,
                FallbackToLegacy = fallback,
                Revision = revision,
                Rollout = rollout,
                Shadow = shadow,
            };
        }
    }

    private static string? RequiredString(string file, JsonElement root, string field, List<RouteValidationError> errors)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(file, field, "is required"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            // The kind, not the value: legacy and new are URLs, and one written as an object may still hold a password.
            errors.Add(new(file, field, $"must be a non-empty string, found {(value.ValueKind == JsonValueKind.String ? "an empty one" : JsonValues.Kind(value))}"));
            return null;
        }

        return value.GetString();
    }

    private static string? OptionalString(string file, JsonElement root, string field, List<RouteValidationError> errors)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(new(file, field, $"must be a non-empty string when present, found {(value.ValueKind == JsonValueKind.String ? "an empty one" : JsonValues.Kind(value))}"));
            return null;
        }

        return value.GetString();
    }

    private static bool? OptionalBool(string file, JsonElement root, string field, List<RouteValidationError> errors)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(new(file, field, $"must be true or false, {JsonValues.FoundForBoolean(value)}"));
            return null;
        }

        return value.GetBoolean();
    }

    private static IReadOnlyList<string> ReadPaths(string file, JsonElement root, List<RouteValidationError> errors)
    {
        if (!root.TryGetProperty("paths", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(file, "paths", $"is required: {PathsExample}"));
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            errors.Add(new(file, "paths", $"must be {PathsExample}, found {JsonValues.Quote(value)}"));
            return [];
        }

        var paths = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var field = $"paths[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(new(file, field, $"must be a string (a path pattern such as \"/customers/{{id}}\"), found {JsonValues.Quote(item)}"));
                // A placeholder keeps the indexes of the patterns after it those of the file; the validator skips it.
                paths.Add("");
                continue;
            }

            paths.Add(item.GetString()!);
        }

        return paths;
    }

    private const string PathsExample = "a non-empty array of path patterns, e.g. [\"/customers\", \"/customers/{**rest}\"]";

    private static RouteMode ReadMode(string file, JsonElement root, List<RouteValidationError> errors)
    {
        if (!root.TryGetProperty("mode", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(file, "mode", "is required: legacy, canary or new"));
            return RouteMode.Legacy;
        }

        if (value.ValueKind == JsonValueKind.String && RouteModes.TryParse(value.GetString(), out var mode))
        {
            return mode;
        }

        errors.Add(new(file, "mode", $"unknown mode {JsonValues.Quote(value)} (expected \"legacy\", \"canary\" or \"new\")"));
        return RouteMode.Legacy;
    }

    private static int ReadPercentage(string file, JsonElement root, List<RouteValidationError> errors)
    {
        if (!root.TryGetProperty("canaryPercentage", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var percentage))
        {
            errors.Add(new(file, "canaryPercentage", $"must be a whole number from 0 to 100, {JsonValues.FoundForNumber(value)}"));
            return 0;
        }

        return percentage;
    }

    private static long ReadRevision(string file, JsonElement root, List<RouteValidationError> errors)
    {
        if (!root.TryGetProperty("revision", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var revision) || revision < 0)
        {
            errors.Add(new(file, "revision", $"must be a whole number >= 0, {JsonValues.FoundForNumber(value)}"));
            return 0;
        }

        return revision;
    }

    private static UserKeySource? ReadUserKey(string file, JsonElement root, List<RouteValidationError> errors)
    {
        if (!root.TryGetProperty("userKey", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(file, "userKey", $"must be an object: {{\"source\": \"header|cookie|claim\", \"name\": \"...\"}}, found {JsonValues.Quote(value)}"));
            return null;
        }

        UnknownFields.Check(file, value, "userKey", ["source", "name"], errors);

        UserKeyKind? kind = null;
        if (!value.TryGetProperty("source", out var source) || source.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(file, "userKey.source", "is required: header, cookie or claim"));
        }
        else if (source.ValueKind == JsonValueKind.String && UserKeyKinds.Parse(source.GetString()) is { } parsed)
        {
            kind = parsed;
        }
        else
        {
            errors.Add(new(file, "userKey.source", $"unknown source {JsonValues.Quote(source)} (expected {UserKeyKinds.Expected})"));
        }

        string? name = null;
        if (value.TryGetProperty("name", out var nameValue) && nameValue.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(nameValue.GetString()))
        {
            name = nameValue.GetString();
        }
        else
        {
            errors.Add(new(file, "userKey.name", "is required: the header, cookie or claim name"));
        }

        return kind is { } k && name is not null ? new UserKeySource { Kind = k, Name = name } : null;
    }
}
