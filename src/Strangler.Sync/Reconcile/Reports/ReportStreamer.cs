using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Strangler.Sync.Reconcile.Reports;

/// <summary>
/// Copies a report's whole lines between two byte positions to a response, adding to each finding the cursor that
/// resumes after it (<c>"cursor":"..."</c> as its last field). The file is read in 64 KiB chunks and each chunk is
/// flushed before the next is read, so memory stays one chunk (or one longest line) whatever the report's size, and a
/// slow client slows the reading instead of filling the worker's memory.
/// </summary>
internal static class ReportStreamer
{
    private const int ChunkBytes = 64 * 1024;

    private static readonly byte[] CursorOpen = ",\"cursor\":\""u8.ToArray();
    private static readonly byte[] CursorClose = "\"}\n"u8.ToArray();

    /// <summary>Writes the lines between <paramref name="from"/> and <paramref name="to"/>; returns how many.</summary>
    public static async Task<long> CopyAsync(
        Stream file, long from, long to, Func<long, string> cursorAfter, PipeWriter body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            file.Seek(from, SeekOrigin.Begin);
            var start = from; // the file position of buffer[0]
            var filled = 0;
            long lines = 0;
            while (start + filled < to)
            {
                if (filled == buffer.Length)
                {
                    // One line longer than the buffer: grow it for that line.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await file.ReadAsync(buffer.AsMemory(filled, (int)Math.Min(buffer.Length - filled, to - start - filled)), cancellationToken);
                if (read == 0)
                {
                    break; // shorter than its checkpoint says (removed under us): what was whole has been served
                }

                filled += read;
                var consumed = WriteLines(buffer.AsSpan(0, filled), start, cursorAfter, body, ref lines);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                start += consumed;
                filled -= consumed;
                var flushed = await body.FlushAsync(cancellationToken);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break; // the client has gone
                }
            }

            return lines;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Writes each complete line in chunk; returns the bytes consumed (a partial last line stays for the next read).
    private static int WriteLines(ReadOnlySpan<byte> chunk, long chunkStart, Func<long, string> cursorAfter, PipeWriter body, ref long lines)
    {
        var consumed = 0;
        int newline;
        while ((newline = chunk[consumed..].IndexOf((byte)'\n')) >= 0)
        {
            var line = chunk.Slice(consumed, newline);
            consumed += newline + 1;
            if (line.Length < 2 || line[^1] != (byte)'}')
            {
                throw new InvalidDataException($"the report's line ending at byte {chunkStart + consumed} is not a JSON object");
            }

            var cursor = cursorAfter(chunkStart + consumed);
            var span = body.GetSpan(line.Length - 1 + CursorOpen.Length + cursor.Length + CursorClose.Length);
            line[..^1].CopyTo(span);
            var at = line.Length - 1;
            CursorOpen.CopyTo(span[at..]);
            at += CursorOpen.Length;
            at += Encoding.ASCII.GetBytes(cursor, span[at..]);
            CursorClose.CopyTo(span[at..]);
            body.Advance(at + CursorClose.Length);
            lines++;
        }

        return consumed;
    }
}
