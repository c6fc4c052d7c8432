using System.Security.Cryptography;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class CappedBufferTests
{
    [Theory]
    [InlineData(100, 10)]      // well within the limit: kept whole, hashed on demand
    [InlineData(1000, 1000)]   // exactly the limit
    [InlineData(1000, 1001)]   // one byte over: the running hash starts mid-chunk
    [InlineData(1000, 50_000)] // far over, in many chunks
    public void Digest_IsTheSha256OfEveryByteWritten_AndKeptIsTheFirstMax(int max, int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        using var buffer = new CappedBuffer(max);

        foreach (var chunk in data.Chunk(337))
        {
            buffer.Append(chunk);
        }

        Assert.Equal(SHA256.HashData(data), buffer.Digest());
        Assert.Equal(data.AsSpan(0, Math.Min(max, size)).ToArray(), buffer.Kept.ToArray());
        Assert.Equal((size, size > max), (buffer.Length, buffer.Truncated));
    }
}
