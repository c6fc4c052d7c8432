using System.Text;

namespace Strangler.Benchmarks.Hosts;

/// <summary>
/// The service behind every proxy, run as its own process (<c>Strangler.Benchmarks serve upstream --urls URL</c>):
/// the same 1 KB JSON body on any path, no logging, so it costs every target the same. <c>--delay-ms N</c> makes it
/// answer N ms late (the shadow benchmark's slow new side).
/// </summary>
internal static class UpstreamHost
{
    /// <summary>Size of the JSON body, in bytes.</summary>
    public const int BodySize = 1024;

    /// <summary>The body: a customer with enough orders to make 1 KB, padded to the byte.</summary>
    public static byte[] Body { get; } = CreateBody();

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var delay = TimeSpan.FromMilliseconds(int.TryParse(builder.Configuration["delay-ms"], out var ms) ? ms : 0);
        var app = builder.Build();
        app.Run(async context =>
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Body.Length;
            await context.Response.Body.WriteAsync(Body);
        });
        await app.RunAsync();
        return 0;
    }

    private static byte[] CreateBody()
    {
        var json = new StringBuilder("""{"id":1,"name":"Ada Lovelace","email":"ada@example.com","orders":[""");
        for (var order = 1; json.Length < BodySize - 80; order++)
        {
            json.Append(order == 1 ? "" : ",").Append($$"""{"id":{{order}},"sku":"SKU-{{order:D5}}","quantity":{{order % 7 + 1}}}""");
        }

        json.Append("""],"note":"" """.TrimEnd());
        json.Append('x', BodySize - json.Length - 2).Append("\"}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
