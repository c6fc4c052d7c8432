using System.Text.Json;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>The end of a findings file a dropped read left behind, and the copy that writes one.</summary>
internal static class ReportTail
{
    // A finding is a few hundred bytes; one with many differing fields stays far below this.
    private const int MaxLine = 4 * 1024 * 1024;

    /// <summary>
    /// The cursor of the last whole finding in <paramref name="path"/>, after cutting a half-written last line; null
    /// when the file is missing or holds no whole finding (the read starts over).
    /// </summary>
    public static string? ResumeCursor(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var tail = new byte[(int)Math.Min(file.Length, MaxLine)];
        file.Seek(file.Length - tail.Length, SeekOrigin.Begin);
        file.ReadExactly(tail);
        var end = Array.LastIndexOf(tail, (byte)'\n');
        var start = end <= 0 ? 0 : Array.LastIndexOf(tail, (byte)'\n', end - 1) + 1;
        if (start == 0 && file.Length > tail.Length)
        {
            throw new InvalidDataException($"the end of '{path}' holds a line longer than {MaxLine} bytes: not a findings file");
        }

        file.SetLength(file.Length - tail.Length + end + 1); // the half line a drop left, if any
        if (end < 0)
        {
            return null;
        }

        using var finding = JsonDocument.Parse(tail.AsMemory(start, end - start));
        return finding.RootElement.GetProperty("cursor").GetString();
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> as it comes; returns the lines copied.</summary>
    public static async Task<long> CopyCountingAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long lines = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await destination.FlushAsync(cancellationToken);
        }

        return lines;
    }

    /// <summary>Copies the findings in <paramref name="source"/> to <paramref name="output"/>, line by line; returns how many.</summary>
    public static async Task<long> CopyLinesAsync(Stream source, TextWriter output, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(source);
        long lines = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            await output.WriteLineAsync(line);
            lines++;
        }

        await output.FlushAsync(cancellationToken);
        return lines;
    }
}
