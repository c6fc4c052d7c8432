using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Strangler.Sync.Tests.Reconcile.Reports;

/// <summary>A report endpoint's answer read whole: status, headers, and each NDJSON line parsed.</summary>
internal sealed record ReportResponse(HttpStatusCode Status, string? MediaType, string? State, string? Run, string Body, List<JsonElement> Lines)
{
    public const string Path = "/_strangler/sync/reconcile/crm-customers/report";

    public IEnumerable<string> Ids => Lines.Select(l => l.GetProperty("id").GetString()!);

    public string LastCursor => Lines[^1].GetProperty("cursor").GetString()!;

    public static async Task<ReportResponse> GetAsync(HttpClient client, string? cursor = null, string? accept = null, string path = Path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, cursor is null ? path : $"{path}?cursor={Uri.EscapeDataString(cursor)}");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var lines = response.IsSuccessStatusCode
            ? body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList()
            : [];
        return new ReportResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, Header(response.Headers, "X-Strangler-Report-State"),
            Header(response.Headers, "X-Strangler-Report-Run"), body, lines);
    }

    private static string? Header(HttpResponseHeaders headers, string name) => headers.TryGetValues(name, out var values) ? values.Single() : null;
}
