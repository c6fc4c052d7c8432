using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Appends findings to an NDJSON report, one JSON object per line, handed to the operating system per batch: the
/// report is streamed to the file and never held whole in memory. <see cref="Sync"/> puts it on disk, before a
/// checkpoint that counts it is saved.
/// </summary>
internal sealed class ReportWriter : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        // The default encoder, made for JSON inside HTML, wrote O'Brien as O\u0027Brien and every accented name in
        // \u escapes, so a DBA's grep for the value found nothing. The report is read with grep and jq and served as
        // application/x-ndjson, never put into a page (the dashboard builds its DOM with textContent), so only what
        // JSON itself requires is escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly FileStream _stream;

    /// <summary>Opens <paramref name="path"/> cut to <paramref name="length"/> bytes (0: a new report).</summary>
    public ReportWriter(string path, long length)
    {
        try
        {
            _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ReportLocation.Unwritable(path, ex);
        }

        _stream.SetLength(Math.Min(length, _stream.Length));
        _stream.Seek(0, SeekOrigin.End);
    }

    /// <summary>The report's length so far.</summary>
    public long Length => _stream.Position;

    public void Write(IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            JsonSerializer.Serialize(_stream, finding, Json);
            _stream.Write(NewLine);
        }

        _stream.Flush(flushToDisk: false);
    }

    /// <summary>Writes what the operating system holds of the report to disk.</summary>
    public void Sync() => _stream.Flush(flushToDisk: true);

    public void Dispose() => _stream.Dispose();
}
