using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Configuration;
using Strangler.Json;

namespace Strangler.Gateway.Admin;

/// <summary>
/// Reads admin request bodies field by field, collecting every problem with its field name, so a malformed request
/// is answered with all that is wrong and never half-applied.
/// </summary>
internal sealed class AdminRequestReader
{
    private const int MaxBodyBytes = 64 * 1024;
    private readonly JsonElement _root;

    private AdminRequestReader(JsonElement root) => _root = root;

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public static async Task<(AdminRequestReader? Reader, Dictionary<string, string[]>? Errors)> ReadAsync(
        HttpRequest request, IReadOnlyCollection<string> knownFields)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        // Content-Length may be absent (chunked): the body is read up to the limit plus one byte, never more.
        if (await ReadAtMostAsync(request.Body, MaxBodyBytes, request.HttpContext.RequestAborted) is not { } body)
        {
            return (null, TooLarge());
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, new() { ["body"] = ["must be a JSON object"] });
            }

            var duplicates = JsonPathIndex.Build(body.Span).Duplicates;
            if (duplicates.Count > 0)
            {
                return (null, duplicates.GroupBy(d => d.Path).ToDictionary(g => g.Key, g => g.Select(d => d.Message).ToArray()));
            }

            var reader = new AdminRequestReader(document.RootElement.Clone());
            foreach (var property in reader._root.EnumerateObject().Where(p => !knownFields.Contains(p.Name)))
            {
                reader.Errors[property.Name] = [UnknownFields.Message(property.Name, knownFields)];
            }

            return (reader, null);
        }
        catch (JsonException ex)
        {
            // The route files' numbering (from 1, in characters), which the position in bytes was not.
            return (null, new() { ["body"] = ["is not valid JSON " + JsonErrorPosition.Describe(body.Span, ex)] });
        }
    }

    private static Dictionary<string, string[]> TooLarge() => new() { ["body"] = [$"must be at most {MaxBodyBytes} bytes"] };

    private static async Task<ReadOnlyMemory<byte>?> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        // Not a conditional expression: there, null would convert to an empty Memory through its implicit array operator.
        if (total > limit)
        {
            return null;
        }

        return buffer.AsMemory(0, total);
    }

    public string? String(string field, bool required)
    {
        if (!_root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Errors[field] = ["is required"];
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Errors[field] = ["must be a string"];
            return null;
        }

        return value.GetString();
    }

    public long? Integer(string field, bool required)
    {
        if (!_root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Errors[field] = ["is required"];
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Errors[field] = [$"must be a whole number, found {value.GetRawText()}"];
            return null;
        }

        return number;
    }

    public RouteMode? Mode(string field)
    {
        if (!_root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Errors[field] = [$"is required: {RouteModes.Words.Expected}"];
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && RouteModes.TryParse(value.GetString(), out var mode))
        {
            return mode;
        }

        // A number is refused as a mode too, with the words: "mode": 1 is no shorthand for canary.
        Errors[field] = [value.ValueKind == JsonValueKind.String
            ? $"unknown mode '{value.GetString()}' (expected {RouteModes.Words.Expected})"
            : $"must be {RouteModes.Words.Expected} (a string), found {JsonValues.Quote(value)}"];
        return null;
    }
}
