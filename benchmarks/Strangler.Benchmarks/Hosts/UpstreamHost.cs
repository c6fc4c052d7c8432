using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Strangler.Benchmarks.Hosts;

/// <summary>The service behind every proxy in the benchmark: a small JSON body on any path.</summary>
internal static class UpstreamHost
{
    private static readonly byte[] Body = """{"id":1,"name":"Ada Lovelace","email":"ada@example.com"}"""u8.ToArray();

    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Body.Length;
            await context.Response.Body.WriteAsync(Body);
        });
        return app;
    }
}
