using System.CommandLine;
using Strangler.Sync.Debezium;

namespace Strangler.Cli.Commands;

/// <summary><c>strangler cdc decode</c>: decodes one Debezium message and prints the change as JSON.</summary>
internal static class CdcDecodeCommand
{
    public static Command Create()
    {
        var key = new Option<FileInfo?>("--key") { Description = "File with the message key (JSON); omit for a keyless message." };
        var value = new Option<string?>("--value") { Description = "File with the message value (JSON); '-' or omitted reads stdin; an empty value is a tombstone." };
        var topic = new Option<string>("--topic") { Description = "The topic it came from (names the table when the message does not).", DefaultValueFactory = _ => "legacy.dbo.unknown" };
        var decode = new Command("decode", "Decode one Debezium change event (key and value) and print it as JSON.") { key, value, topic };
        decode.SetAction(parseResult =>
        {
            try
            {
                var keyFile = parseResult.GetValue(key);
                var valuePath = parseResult.GetValue(value);
                if (keyFile is { Exists: false })
                {
                    Console.Error.WriteLine($"error: --key: file '{keyFile.FullName}' does not exist");
                    return 2;
                }

                if (valuePath is not null and not "-" && !File.Exists(valuePath))
                {
                    Console.Error.WriteLine($"error: --value: file '{Path.GetFullPath(valuePath)}' does not exist");
                    return 2;
                }

                var keyBytes = keyFile is null ? null : File.ReadAllBytes(keyFile.FullName);
                var valueBytes = valuePath is null or "-" ? ReadStdin() : File.ReadAllBytes(valuePath);
                var change = DebeziumDecoder.Decode(parseResult.GetValue(topic)!, keyBytes, valueBytes.Length == 0 ? null : valueBytes);
                Console.Out.WriteLine(ChangeEventJson.Format(change));
                return 0;
            }
            catch (DebeziumFormatException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A directory given as a file, a file without read permission.
                Console.Error.WriteLine($"error: cannot read the message: {ex.Message}");
                return 2;
            }
        });
        return new Command("cdc", "Change-data-capture tools.") { decode };
    }

    private static byte[] ReadStdin()
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }
}
