using System.CommandLine;
using System.Text;
using System.Text.Json;
using Strangler.Cli.Errors;
using Strangler.Cli.Help;
using Strangler.Sync.Debezium;

namespace Strangler.Cli.Commands;

/// <summary>
/// <c>strangler cdc decode</c>: decodes a Debezium message, or a dump of a topic (NDJSON, one value a line), and prints
/// each change as JSON. Made for a person pasting a value from a topic viewer: the key is optional. With
/// <c>--projection</c> it prints what that projection would write instead (<see cref="CdcProjectionTrial"/>).
/// </summary>
internal static class CdcDecodeCommand
{
    public static Command Create()
    {
        var key = new Option<FileInfo?>("--key") { Description = "File with the message key (JSON). Without it the value still decodes, with \"key\": null." };
        var value = new Option<string?>("--value") { Description = "File with the message value (JSON), or NDJSON with one value a line; '-' or omitted reads stdin; an empty value is a tombstone." };
        var topic = new Option<string?>("--topic") { Description = "The topic it came from (names the table when the message does not); default legacy.dbo.unknown, or with --projection its root table's topic." };
        var projection = new Option<string?>("--projection")
        {
            Description = "A projection of the sync worker's settings (Strangler:Sync:Projections): print the writes it would give its store for the message, or why it would dead-letter it. Writes nothing.",
        };
        var decode = new Command("decode", "Decode Debezium change events (one message, or NDJSON one a line) and print them as JSON.")
        {
            key, value, topic, projection,
        }.WithDetails("With --projection, extra arguments are the sync worker's settings, read as strangler sync reads them: " +
            "--Strangler:Sync:Key=value over environment variables and appsettings.json in this folder. Any other argument is refused.");
        // The worker's settings, with --projection (checked below).
        decode.TreatUnmatchedTokensAsErrors = false;
        decode.SetAction(async parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var projectionName = parseResult.GetValue(projection);
            if (SettingArguments.Unrecognized(parseResult, "--Strangler:Sync:Projections:0:Name=orders-projection") is { } unrecognized)
            {
                return await UsageErrors.WriteAsync(parseResult, unrecognized);
            }

            if (projectionName is null && parseResult.UnmatchedTokens.Count > 0)
            {
                return await UsageErrors.WriteAsync(parseResult, $"'{parseResult.UnmatchedTokens[0].Split('=')[0]}': the worker's settings are read only with --projection.");
            }

            var keyFile = parseResult.GetValue(key);
            var valuePath = parseResult.GetValue(value);
            if (keyFile is { Exists: false })
            {
                error.WriteLine($"error: --key: file '{keyFile.FullName}' does not exist");
                return 2;
            }

            if (valuePath is not null and not "-" && !File.Exists(valuePath))
            {
                error.WriteLine($"error: --value: file '{Path.GetFullPath(valuePath)}' does not exist");
                return 2;
            }

            byte[] valueBytes, keyBytes;
            try
            {
                valueBytes = valuePath is null or "-" ? ReadStdin() : File.ReadAllBytes(valuePath);
                keyBytes = keyFile is null ? [] : File.ReadAllBytes(keyFile.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A directory given as a file, a file without read permission.
                error.WriteLine($"error: cannot read the message: {ex.Message}");
                return 2;
            }

            var lines = NdjsonLines(valueBytes);
            if (lines is not null && keyFile is not null)
            {
                error.WriteLine("error: --key: the value holds several messages (NDJSON); a key file belongs to one message, so decode a dump without --key");
                return 2;
            }

            if (projectionName is not null)
            {
                if (lines is not null)
                {
                    error.WriteLine("error: --projection: the value holds several messages (NDJSON), and a dump leaves out their keys, which the pipeline needs " +
                        "to apply a change: try one message with its --key");
                    return 2;
                }

                return CdcProjectionTrial.Run(parseResult, projectionName, parseResult.GetValue(topic), keyFile is null ? null : keyBytes, valueBytes);
            }

            if (keyFile is null)
            {
                error.WriteLine("warning: decoded without the message key (--key): the key prints as null, but the sync pipeline needs each message's key to apply it");
            }

            var topicName = parseResult.GetValue(topic) ?? "legacy.dbo.unknown";
            return lines is null
                ? DecodeOne(topicName, keyFile is null ? null : keyBytes, valueBytes, output, error)
                : DecodeLines(topicName, lines, output, error);
        });
        return new Command("cdc", "Change-data-capture tools: decode Debezium change events.") { decode };
    }

    private static int DecodeOne(string topic, byte[]? key, byte[] value, TextWriter output, TextWriter error)
    {
        try
        {
            var change = DebeziumDecoder.Decode(topic, key, value.Length == 0 ? null : value, keyRequired: key is not null);
            output.WriteLine(ChangeEventJson.Format(change, keyGiven: key is not null));
            return 0;
        }
        catch (DebeziumFormatException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Every line decodes on its own: a bad one is reported by its number and the rest still print.</summary>
    private static int DecodeLines(string topic, IReadOnlyList<(int Number, string Text)> lines, TextWriter output, TextWriter error)
    {
        var failed = 0;
        foreach (var (number, text) in lines)
        {
            try
            {
                var change = DebeziumDecoder.Decode(topic, null, Encoding.UTF8.GetBytes(text), keyRequired: false);
                output.WriteLine(ChangeEventJson.Format(change, keyGiven: false, indented: false));
            }
            catch (DebeziumFormatException ex)
            {
                failed++;
                error.WriteLine($"error: line {number}: {ex.Message}");
            }
        }

        if (failed > 0)
        {
            error.WriteLine($"{failed} of {lines.Count} message(s) could not be decoded");
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// The non-blank lines when the input is NDJSON: its first line is a whole JSON value by itself but the whole input
    /// is not one value. Null for a single message, pretty-printed or not (and for broken JSON, reported as such).
    /// </summary>
    private static List<(int Number, string Text)>? NdjsonLines(byte[] bytes)
    {
        if (IsJson(bytes))
        {
            return null;
        }

        var lines = Encoding.UTF8.GetString(bytes).Split('\n')
            .Select((text, i) => (Number: i + 1, Text: text.TrimEnd('\r')))
            .Where(line => line.Text.Trim().Length > 0)
            .ToList();
        return lines.Count > 1 && IsJson(Encoding.UTF8.GetBytes(lines[0].Text)) ? lines : null;
    }

    private static bool IsJson(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] ReadStdin()
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }
}
