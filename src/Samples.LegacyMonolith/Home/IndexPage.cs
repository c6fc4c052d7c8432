namespace Samples.LegacyMonolith.Home;

/// <summary>A tiny HTML index so a browser pointed at the monolith (or the gateway) shows where to go.</summary>
internal static class IndexPage
{
    private const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Legacy monolith</title></head>
        <body>
          <h1>Legacy monolith</h1>
          <p>The sample application Strangler moves away from, one sub-domain at a time.</p>
          <ul>
            <li><a href="/customers">/customers</a>: the customers sub-domain (moves to the new Customers service)</li>
            <li><a href="/orders">/orders</a>: the orders sub-domain (stays here, reads the Customers table)</li>
          </ul>
        </body></html>
        """;

    public static void MapIndexPage(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/", () => Results.Content(Html, "text/html; charset=utf-8"));
}
