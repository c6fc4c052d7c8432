using System.Text;
using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Tests.Admin;

public sealed class AdminRequestReaderTests
{
    private static HttpRequest Request(string body)
    {
        // No Content-Length, as with a chunked request: only reading tells the size.
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    [Fact]
    public async Task BodyOverTheLimitWithoutContentLength_IsRefused_AfterReadingNoMoreThanTheLimitPlusOne()
    {
        var request = Request("{\"reason\":\"" + new string('x', 200_000) + "\"}");

        var (reader, errors) = await AdminRequestReader.ReadAsync(request, ["reason"]);

        Assert.Null(reader);
        Assert.Contains("must be at most 65536 bytes", Assert.Single(errors!["body"]));
        Assert.Equal(65_537, request.Body.Position);
    }

    [Fact]
    public async Task BodyWithinTheLimitWithoutContentLength_IsRead()
    {
        var (reader, errors) = await AdminRequestReader.ReadAsync(Request("{\"reason\":\"" + new string('x', 60_000) + "\"}"), ["reason"]);

        Assert.Null(errors);
        Assert.Equal(60_000, reader!.String("reason", required: true)!.Length);
    }

    [Fact]
    public async Task EveryDuplicatedField_IsNamed()
    {
        var (reader, errors) = await AdminRequestReader.ReadAsync(
            Request("{\"mode\":\"legacy\",\n\"reason\":\"a\",\n\"mode\":\"new\",\n\"reason\":\"b\"}"), ["mode", "reason"]);

        Assert.Null(reader);
        Assert.Equal(["mode", "reason"], errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("lines 1 and 3", errors["mode"][0]);
        Assert.Contains("lines 2 and 4", errors["reason"][0]);
    }
}
