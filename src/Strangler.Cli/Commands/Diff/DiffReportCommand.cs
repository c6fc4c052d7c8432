using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Strangler.Cli.Commands.Routes;

namespace Strangler.Cli.Commands.Diff;

/// <summary>
/// <c>strangler diff report &lt;subdomain&gt; [--json]</c>: per endpoint, how many shadow requests were compared and
/// how many differed beyond noise; per reported field, its kind, count, rates and one sample.
/// </summary>
internal static class DiffReportCommand
{
    // The gateway's own escaping (only what JSON requires, as its admin answers): the default encoder wrote the report's
    // times as "\u002B00:00" and a sample's "Müller" as "M\u00FCller".
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(AdminApiOptions admin)
    {
        var subdomain = new Argument<string>("subdomain") { Description = "The sub-domain (route name)." };
        var json = new Option<bool>("--json") { Description = "Print the gateway's report as JSON (compared, differing, diffRate, noiseRate, fields, samples)." };
        var command = new Command("report", "Show where the new side answers differently from legacy, per endpoint and field.") { subdomain, json };
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var name = parseResult.GetValue(subdomain)!;
            var report = await client.GetAsync($"{DiffPaths.Diffs}?subdomain={Uri.EscapeDataString(name)}", cancellationToken);
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(report, Indented));
                return 0;
            }

            await WriteTableAsync(output, report);
            return 0;
        });
        return command;
    }

    private static async Task WriteTableAsync(TextWriter output, JsonElement report)
    {
        var active = report.Text("active") == "true";
        if (!active && NothingRecorded(report))
        {
            // Nothing was ever recorded, so there is no window to show: a "since" would read as a time during which
            // shadow had been watched and found clean.
            await output.WriteLineAsync(
                $"{report.Text("subdomain")}: shadow is off (its route has no shadow block): no diffs have been recorded.");
            return;
        }

        if (report.Text("since").Length == 0)
        {
            // The gateway starts a window with the first shadowed request (or a reset), never with a read.
            await output.WriteLineAsync(
                $"{report.Text("subdomain")}: shadow on, nothing shadowed yet: the report starts with the first shadowed request.");
            return;
        }

        var since = DateTimeOffset.TryParse(report.Text("since"), CultureInfo.InvariantCulture, out var at) ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : report.Text("since");
        await output.WriteLineAsync(
            $"{report.Text("subdomain")}: {(active ? $"shadow on, since {since} UTC" : $"shadow off now; recorded while it was on, since {since} UTC")}: " +
            $"{report.Text("compared")} compared, {report.Text("differing")} differing ({Percent(report.Get("diffRate"))}); " +
            $"{report.Text("dropped")} dropped, {Skipped(report.Get("skipped"))}, {report.Text("timedOut")} timed out, " +
            $"{report.Text("failed")} failed, {report.Text("tooLarge")} too large for a field diff");
        var endpoints = report.Get("endpoints").Items().ToList();
        if (endpoints.Count == 0)
        {
            await output.WriteLineAsync("(nothing compared yet)");
            return;
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"{"ENDPOINT",-36} {"COMPARED",9} {"DIFFERING",9} {"DIFF",7} {"NOISE",7}  {"LEGACY p50/p99",16}  {"NEW p50/p99",16}");
        foreach (var endpoint in endpoints)
        {
            await output.WriteLineAsync(
                $"{endpoint.Text("endpoint"),-36} {endpoint.Text("compared"),9} {endpoint.Text("differing"),9} {Percent(endpoint.Get("diffRate")),7} " +
                $"{Percent(endpoint.Get("noiseRate")),7}  {Latency(endpoint.Get("legacy")),16}  {Latency(endpoint.Get("new")),16}");
            var uncompared = Uncompared(endpoint);
            if (uncompared.Length > 0)
            {
                await output.WriteLineAsync($"    ({uncompared})");
            }

            foreach (var field in endpoint.Get("fields").Items())
            {
                var path = field.Text("path").Length == 0 ? "(whole body)" : field.Text("path");
                await output.WriteLineAsync(
                    $"    {path,-32} {field.Text("kind"),-8} {field.Text("count"),6}x  diff {Percent(field.Get("diffRate"))}, noise {Percent(field.Get("noiseRate"))}");
                var sample = field.Get("samples").Items().FirstOrDefault();
                var difference = sample.Get("differences").Items().FirstOrDefault(d => d.Text("field") == field.Text("path"));
                if (difference.ValueKind == JsonValueKind.Object)
                {
                    await output.WriteLineAsync(
                        $"        e.g. {sample.Get("request").Text("method")} {sample.Get("request").Text("path")}: " +
                        $"legacy {Value(difference, "legacy")}, new {Value(difference, "new")}");
                }
            }

            var noise = endpoint.Get("noiseFields").Items().Select(f => f.Text("path")).ToList();
            if (noise.Count > 0)
            {
                await output.WriteLineAsync($"    (noise, not reported: {string.Join(", ", noise)})");
            }
        }
    }

    // An endpoint's shadows not compared field by field, said under its row: a row reading "0 compared" with only the
    // first line's totals to explain it left the reader to guess which endpoint the "1 dropped" there belonged to.
    private static string Uncompared(JsonElement endpoint)
    {
        string? Counted(string counter, string words) =>
            endpoint.Text(counter) is var count && count is not ("0" or "") ? $"{count} {words}" : null;
        string?[] parts =
        [
            Counted("dropped", "dropped"),
            Reasons(endpoint.Get("skipped")).Any() ? Skipped(endpoint.Get("skipped")) : null,
            Counted("timedOut", "timed out"),
            Counted("failed", "failed"),
            Counted("tooLarge", "too large for a field diff"),
        ];
        return string.Join(", ", parts.OfType<string>());
    }

    // Nothing compared and nothing given up on: the counters the report's first line shows are all zero.
    private static bool NothingRecorded(JsonElement report) =>
        ((string[])["compared", "dropped", "timedOut", "failed", "tooLarge"]).All(counter => report.Text(counter) == "0")
        && !Reasons(report.Get("skipped")).Any();

    // Requests not shadowed by their nature (a WebSocket, an event stream), by reason: "2 skipped (event_stream 2)".
    private static string Skipped(JsonElement skipped)
    {
        var reasons = Reasons(skipped).ToList();
        return reasons.Count == 0
            ? "0 skipped"
            : $"{reasons.Sum(r => r.Count)} skipped ({string.Join(", ", reasons.Select(r => $"{r.Reason} {r.Count}"))})";
    }

    private static IEnumerable<(string Reason, long Count)> Reasons(JsonElement skipped) =>
        skipped.ValueKind == JsonValueKind.Object
            ? skipped.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Value.GetInt64() > 0)
                .Select(p => (p.Name, p.Value.GetInt64())).OrderBy(r => r.Name, StringComparer.Ordinal)
            : [];

    private static string Value(JsonElement difference, string side) =>
        difference.Get(side).ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? "(absent)" : difference.Text(side);

    private static string Percent(JsonElement rate) =>
        rate.ValueKind == JsonValueKind.Number ? (rate.GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "-";

    private static string Latency(JsonElement side)
    {
        static string Ms(JsonElement value) =>
            value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("0.#", CultureInfo.InvariantCulture) : "-";
        return $"{Ms(side.Get("p50Ms"))}/{Ms(side.Get("p99Ms"))} ms";
    }
}
