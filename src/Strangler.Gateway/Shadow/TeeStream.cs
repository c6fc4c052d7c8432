namespace Strangler.Gateway.Shadow;

/// <summary>
/// Wraps the client's response body while legacy's answer streams through it: every write goes to the client first,
/// unchanged and unbuffered, and a copy goes to a <see cref="CappedBuffer"/> for the comparison, until
/// <see cref="StopCopying"/>: from then on writes only pass through.
/// </summary>
internal sealed class TeeStream(Stream inner, CappedBuffer copy) : Stream
{
    private volatile bool _copying = true;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        if (_copying)
        {
            copy.Append(buffer);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        if (_copying)
        {
            copy.Append(buffer.Span);
        }
    }

    /// <summary>Called before the first byte is written (from the response's OnStarting), so nothing is copied after it.</summary>
    public void StopCopying() => _copying = false;

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
