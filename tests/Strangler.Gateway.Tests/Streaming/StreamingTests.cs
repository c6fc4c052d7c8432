using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Tests.Streaming;

[Collection(nameof(StreamingCollection))]
public sealed class StreamingTests
{
    private const long OneGiB = 1L << 30;
    private const long AllowedGrowth = 100L << 20;

    [Fact]
    public async Task OneGiBChunkedNdjsonResponse_StreamsThrough_WithFlatMemory()
    {
        await using var rig = await Rig.StartAsync("new");
        const string prefix = "{\"id\":12345678,\"name\":\"customer\",\"padding\":\"";
        var line = Encoding.UTF8.GetBytes(prefix + new string('x', 64 - prefix.Length - 3) + "\"}\n");
        Assert.Equal(64, line.Length);
        var chunk = Enumerable.Repeat(line, 1024).SelectMany(b => b).ToArray(); // 64 KiB of NDJSON lines
        rig.New.Handler = async context =>
        {
            context.Response.ContentType = "application/x-ndjson";
            for (long sent = 0; sent < OneGiB; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        };

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var response = await rig.Gateway.Client.GetAsync("/customers/export", HttpCompletionOption.ResponseHeadersRead);
        Assert.Null(response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long received = 0, newlines = 0, nextSample = 128L << 20;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            received += read;
            newlines += buffer.AsSpan(0, read).Count((byte)'\n');
            if (received >= nextSample)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                nextSample += 128L << 20;
            }
        }

        Assert.Equal(OneGiB, received);
        Assert.Equal(OneGiB / 64, newlines);
        Assert.True(peak - baseline < AllowedGrowth, $"live heap grew by {(peak - baseline) >> 20} MiB while streaming 1 GiB");
    }

    [Fact]
    public async Task LargeRequestBody_StreamsToTheUpstream_WithFlatMemory()
    {
        const long size = 256L << 20;
        await using var rig = await Rig.StartAsync("new");
        long peak = 0;
        rig.New.Handler = async context =>
        {
            var buffer = new byte[81920];
            long total = 0, nextSample = 64L << 20;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
                if (total >= nextSample)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                    nextSample += 64L << 20;
                }
            }

            await context.Response.WriteAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        };

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var content = new StreamContent(new GeneratedStream(size));
        var response = await rig.Gateway.Client.PostAsync("/customers/import", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
        Assert.True(peak - baseline < AllowedGrowth, $"live heap grew by {(peak - baseline) >> 20} MiB while uploading");
    }

    /// <summary>A read-only stream of <c>length</c> bytes made on the fly, without a known length (sent chunked).</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill((byte)'a');
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
