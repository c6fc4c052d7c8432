namespace Strangler.Sync.Tests.Reconcile.Reports;

/// <summary>A real file stream that remembers the furthest byte read from it.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private long _furthest;

    public long Furthest => Interlocked.Read(ref _furthest);

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Counted(int read)
    {
        var end = inner.Position;
        long seen;
        while (end > (seen = Interlocked.Read(ref _furthest)) && Interlocked.CompareExchange(ref _furthest, end, seen) != seen)
        {
        }

        return read;
    }
}
