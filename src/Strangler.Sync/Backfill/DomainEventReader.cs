using System.Text.Json;
using Strangler.Json;

namespace Strangler.Sync.Backfill;

/// <summary>Reads a domain event from a Kafka message value, naming every missing or malformed field.</summary>
internal static class DomainEventReader
{
    /// <summary>Parses <paramref name="value"/>; on failure <paramref name="error"/> names what is wrong.</summary>
    public static bool TryRead(byte[]? value, out DomainEvent? domainEvent, out string error)
    {
        domainEvent = null;
        if (value is null || value.Length == 0)
        {
            error = "the message has no value (a tombstone is not a domain event)";
            return false;
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(value);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            error = "the value is not JSON " + JsonErrorPosition.DescribeWithoutValues(value, ex);
            return false;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the value is not a JSON object";
            return false;
        }

        var problems = new List<string>();
        var id = Text(root, "id", problems);
        var type = Text(root, "type", problems);
        var subject = Text(root, "subject", problems);
        var timeText = Text(root, "time", problems);
        DateTimeOffset time = default;
        if (timeText is not null && !DateTimeOffset.TryParse(timeText, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind, out time))
        {
            problems.Add($"'time' is not an RFC 3339 timestamp: '{timeText}'");
        }
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            problems.Add("'data' is missing or not an object");
        }
        if (problems.Count > 0)
        {
            error = string.Join("; ", problems);
            return false;
        }
        var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
        domainEvent = new DomainEvent { Id = id!, Type = type!, Source = source, Subject = subject!, Time = time, Data = data };
        error = "";
        return true;
    }

    private static string? Text(JsonElement root, string name, List<string> problems)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }
        problems.Add($"'{name}' is missing or not a non-empty string");
        return null;
    }
}
