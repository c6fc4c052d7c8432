using System.Buffers;
using System.Security.Cryptography;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Keeps the first <c>max</c> bytes written to it (in pooled arrays) and a SHA-256 of all of them, so a body larger
/// than the limit is still compared by hash and length, never skipped silently.
/// </summary>
/// <remarks>
/// The running hash starts only when the limit is first passed (over the kept bytes, then the rest): below it the
/// kept bytes are the whole body and hash on demand. Creating and feeding a hash for every answer was 2.5 % of the
/// shadowing gateway's CPU in a profile, for a digest only over-limit bodies need.
/// </remarks>
internal sealed class CappedBuffer(long max) : IDisposable
{
    private IncrementalHash? _hash;
    private byte[] _array = [];
    private int _count;
    private byte[]? _digest;

    /// <summary>Every byte written, kept or not.</summary>
    public long Length { get; private set; }

    /// <summary>True when more was written than was kept.</summary>
    public bool Truncated => Length > _count;

    public ReadOnlyMemory<byte> Kept => _array.AsMemory(0, _count);

    public void Append(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        var room = (int)Math.Min(max - _count, data.Length);
        if (room < data.Length && _hash is null)
        {
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            _hash.AppendData(_array.AsSpan(0, _count));
        }

        _hash?.AppendData(data);
        if (room <= 0)
        {
            return;
        }

        if (_count + room > _array.Length)
        {
            // Doubling from 4 KiB: most JSON answers fit the first array; a 1 MiB one costs nine rents.
            var size = (int)Math.Min(max, Math.Max(4096, Math.Max(_array.Length * 2L, _count + room)));
            var bigger = ArrayPool<byte>.Shared.Rent(size);
            _array.AsSpan(0, _count).CopyTo(bigger);
            Release();
            _array = bigger;
        }

        data[..room].CopyTo(_array.AsSpan(_count));
        _count += room;
    }

    /// <summary>SHA-256 of every byte written; call once all is written.</summary>
    public byte[] Digest() => _digest ??= _hash is null ? SHA256.HashData(Kept.Span) : _hash.GetHashAndReset();

    public void Dispose()
    {
        _hash?.Dispose();
        Release();
        _array = [];
        _count = 0;
    }

    private void Release()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
