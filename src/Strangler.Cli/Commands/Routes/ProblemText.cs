using System.Text;
using System.Text.Json;

namespace Strangler.Cli.Commands.Routes;

/// <summary>Turns an RFC 9457 problem-details body (title, detail, errors per field) into one readable line.</summary>
internal static class ProblemText
{
    public static string From(string body) => Errors.CliErrorText.OneLine(Parse(body));

    /// <summary>The fields a problem body names in its <c>errors</c> object; empty when it names none or is not one.</summary>
    public static IReadOnlyCollection<string> Fields(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? errors.EnumerateObject().Select(e => e.Name).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return body.Trim();
            }

            var text = new StringBuilder();
            Append(text, root, "title");
            var hasErrors = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object;
            if (!hasErrors)
            {
                // The per-field errors say the same as the detail, field by field; print one or the other.
                Append(text, root, "detail");
            }
            else
            {
                foreach (var field in errors.EnumerateObject())
                {
                    var messages = field.Value.ValueKind == JsonValueKind.Array
                        ? string.Join("; ", field.Value.EnumerateArray().Select(m => m.ToString()))
                        : field.Value.ToString();
                    text.Append(text.Length > 0 ? " " : "").Append(field.Name).Append(": ").Append(messages).Append('.');
                }
            }

            return text.Length > 0 ? text.ToString() : body.Trim();
        }
        catch (JsonException)
        {
            return body.Trim();
        }
    }

    private static void Append(StringBuilder text, JsonElement root, string name)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } s && !text.ToString().Contains(s, StringComparison.Ordinal))
        {
            text.Append(text.Length > 0 ? " " : "").Append(s.TrimEnd('.')).Append('.');
        }
    }
}
