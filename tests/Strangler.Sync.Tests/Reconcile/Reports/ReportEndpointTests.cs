using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Reports;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile.Reports;

/// <summary>
/// Issue 13.6: the sync worker streams the latest reconcile report as NDJSON with a continuation token. Reports are
/// written by the real reconciler over PostgreSQL (or SQLite) and the embedded store, into the directory the worker
/// serves, and read over HTTP from the real worker on Kestrel.
/// </summary>
public sealed class ReportEndpointTests
{
    [Fact]
    public async Task Every_finding_streams_in_order_in_the_media_type_asked_for_each_with_its_cursor()
    {
        await using var worker = await ReportWorker.StartAsync();
        await using var harness = await DriftedAsync(LegacyProvider.Postgres);
        var path = worker.DefaultReportPath();
        Assert.StartsWith(Path.Combine(worker.ReportsDirectory, "crm-customers"), path, StringComparison.Ordinal);
        await ReconcileAsync(harness, path);
        var file = File.ReadAllLines(path);
        Assert.Equal(20, file.Length);

        var ndjson = await ReportResponse.GetAsync(worker.Client, accept: "application/x-ndjson");

        Assert.Equal(HttpStatusCode.OK, ndjson.Status);
        Assert.Equal("application/x-ndjson", ndjson.MediaType);
        Assert.Equal("complete", ndjson.State);
        Assert.Equal(Path.GetFileNameWithoutExtension(path), ndjson.Run);
        // Each line is the report's line with the cursor added as its last field, in the report's order.
        var served = ndjson.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(file.Length, served.Length);
        for (var i = 0; i < file.Length; i++)
        {
            var cursor = ndjson.Lines[i].GetProperty("cursor").GetString();
            Assert.Equal(file[i][..^1] + $",\"cursor\":\"{cursor}\"}}", served[i]);
        }

        Assert.Equal(file.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()), ndjson.Ids);
        Assert.Equal(20, ndjson.Lines.Select(l => l.GetProperty("cursor").GetString()).Distinct().Count());

        var stream = await ReportResponse.GetAsync(worker.Client, accept: "application/x-json-stream");
        Assert.Equal("application/x-json-stream", stream.MediaType);
        Assert.Equal(ndjson.Body, stream.Body);
        foreach (var accept in new string?[] { null, "*/*", "application/*", "text/html;q=0.9, application/x-ndjson" })
        {
            var answer = await ReportResponse.GetAsync(worker.Client, accept: accept);
            Assert.Equal("application/x-ndjson", answer.MediaType);
            Assert.Equal(ndjson.Body, answer.Body);
        }

        Assert.Equal("application/x-json-stream", (await ReportResponse.GetAsync(worker.Client, accept: "application/x-ndjson;q=0, */*")).MediaType);

        var refused = await ReportResponse.GetAsync(worker.Client, accept: "text/html, application/json");
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.Status);
        Assert.Contains("application/x-ndjson, application/x-json-stream", refused.Body);
        Assert.Contains("text/html", refused.Body);

        var list = JsonDocument.Parse(await worker.Client.GetStringAsync("/_strangler/sync/reconcile/reports", TestContext.Current.CancellationToken)).RootElement;
        var entry = Assert.Single(list.GetProperty("reports").EnumerateArray());
        Assert.Equal("crm-customers", entry.GetProperty("projection").GetString());
        Assert.Equal(ndjson.Run, entry.GetProperty("run").GetString());
        Assert.Equal("complete", entry.GetProperty("state").GetString());
        Assert.Equal(20, entry.GetProperty("findings").GetProperty("different").GetInt64());
        Assert.Equal(ReportResponse.Path, entry.GetProperty("href").GetString());
    }

    [Fact]
    public async Task Resuming_from_a_cursor_in_the_middle_gives_exactly_the_rest()
    {
        await using var worker = await ReportWorker.StartAsync();
        await using var harness = await DriftedAsync(LegacyProvider.Sqlite);
        await ReconcileAsync(harness, worker.DefaultReportPath());
        var all = await ReportResponse.GetAsync(worker.Client);
        Assert.Equal(20, all.Lines.Count);

        // A consumer that read seven findings and dropped.
        var rest = await ReportResponse.GetAsync(worker.Client, cursor: all.Lines[6].GetProperty("cursor").GetString());

        Assert.Equal(HttpStatusCode.OK, rest.Status);
        Assert.Equal(all.Ids.Skip(7), rest.Ids);
        Assert.Equal(all.Lines.Skip(7).Select(l => l.GetRawText()), rest.Lines.Select(l => l.GetRawText()));
        var atEnd = await ReportResponse.GetAsync(worker.Client, cursor: all.LastCursor);
        Assert.Equal(HttpStatusCode.OK, atEnd.Status);
        Assert.Empty(atEnd.Lines);
    }

    [Fact]
    public async Task A_bad_cursor_is_refused_naming_what_is_wrong_and_one_of_a_replaced_run_is_gone()
    {
        await using var worker = await ReportWorker.StartAsync();
        await using var harness = await DriftedAsync(LegacyProvider.Sqlite);
        var firstPath = worker.DefaultReportPath();
        await ReconcileAsync(harness, firstPath);
        var first = await ReportResponse.GetAsync(worker.Client);
        var cursor = first.Lines[3].GetProperty("cursor").GetString()!;

        var garbage = await ReportResponse.GetAsync(worker.Client, cursor: "not a cursor!");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        Assert.Contains("base64url", garbage.Body);

        // Forged: the same run, another offset, the old signature.
        var bytes = Base64Url.DecodeFromChars(cursor);
        bytes[^17] ^= 1; // the offset's last digit, just before the 16-byte tag
        var forged = await ReportResponse.GetAsync(worker.Client, cursor: Base64Url.EncodeToString(bytes));
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("signature does not match", forged.Body);

        var elsewhere = await ReportResponse.GetAsync(worker.Client, cursor: worker.Cursors.Encode(new ReportCursor("orders", first.Run!, 0)));
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.Status);
        Assert.Contains("projection 'orders', not 'crm-customers'", elsewhere.Body);

        // The finished run is replaced by a new one in a new file; its cursors are gone for good.
        var secondPath = worker.DefaultReportPath();
        Assert.NotEqual(firstPath, secondPath);
        await ReconcileAsync(harness, secondPath);
        var replaced = await ReportResponse.GetAsync(worker.Client, cursor: cursor);
        Assert.Equal(HttpStatusCode.Gone, replaced.Status);
        Assert.Contains($"run {first.Run}", replaced.Body);
        Assert.Contains($"run {Path.GetFileNameWithoutExtension(secondPath)} (complete) has replaced", replaced.Body);
        Assert.Equal(Path.GetFileNameWithoutExtension(secondPath), (await ReportResponse.GetAsync(worker.Client)).Run);
    }

    [Fact]
    public async Task A_running_report_serves_only_its_committed_whole_lines_and_a_cursor_then_reads_on_to_the_end()
    {
        await using var worker = await ReportWorker.StartAsync();
        await using var harness = await DriftedAsync(LegacyProvider.Postgres);
        // A checkpoint after every batch, so what "committed" means does not depend on how fast the batches ran.
        harness.Options = harness.Options with { CheckpointInterval = TimeSpan.Zero };
        var path = worker.DefaultReportPath();
        using var paused = new ManualResetEventSlim();
        using var resume = new ManualResetEventSlim();
        var batches = 0;
        // Batches of 100 keys, two drifted keys in each: after three batches, six findings are committed.
        var job = Task.Run(() => ReconcileAsync(harness, path, p =>
        {
            if (p.KeysDone > 0 && ++batches == 3)
            {
                paused.Set();
                resume.Wait(TimeSpan.FromMinutes(2));
            }
        }));
        Assert.True(await Eventually.TrueAsync(() => paused.IsSet || job.IsCompleted, seconds: 120), "the job did not reach its third batch");
        Assert.False(job.IsFaulted, job.Exception?.ToString());
        // The writer is in its next batch: one whole line flushed but not yet checkpointed (a resumed job could cut
        // and write it again), then half a line.
        var next = File.ReadLines(path).Last().Replace("different:255", "different:305", StringComparison.Ordinal);
        await File.AppendAllTextAsync(path, next + "\n" + next[..40], TestContext.Current.CancellationToken);

        var partial = await ReportResponse.GetAsync(worker.Client);

        Assert.Equal(HttpStatusCode.OK, partial.Status);
        Assert.Equal("running", partial.State);
        Assert.Equal(["crm-customers:different:5", "crm-customers:different:55", "crm-customers:different:105", "crm-customers:different:155",
            "crm-customers:different:205", "crm-customers:different:255"], partial.Ids);
        Assert.EndsWith("}\n", partial.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("different:305", partial.Body);
        var listed = JsonDocument.Parse(await worker.Client.GetStringAsync("/_strangler/sync/reconcile/reports", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("running", listed.GetProperty("reports")[0].GetProperty("state").GetString());

        resume.Set();
        await job;
        var rest = await ReportResponse.GetAsync(worker.Client, cursor: partial.LastCursor);

        Assert.Equal("complete", rest.State);
        var ids = partial.Ids.Concat(rest.Ids).ToList();
        Assert.Equal(File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!), ids);
        Assert.Equal(20, ids.Distinct().Count());
    }

    [Fact]
    public async Task Without_the_access_token_nothing_is_served_and_no_token_is_logged()
    {
        await using var worker = await ReportWorker.StartAsync();
        await using var harness = await DriftedAsync(LegacyProvider.Sqlite);
        await ReconcileAsync(harness, worker.DefaultReportPath());
        using var anonymous = new HttpClient { BaseAddress = worker.Client.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = worker.Client.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "a-wrong-token-of-enough-length");

        foreach (var client in new[] { anonymous, wrong })
        {
            foreach (var path in new[] { ReportResponse.Path, "/_strangler/sync/reconcile/reports", "/_strangler/sync/reconcile/nope/report" })
            {
                using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
                Assert.DoesNotContain("crm-customers:", body);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await ReportResponse.GetAsync(worker.Client)).Status);
        var logs = worker.Logs.GetSnapshot().Select(r => r.Message + " " + string.Join(" ", r.StructuredState?.Select(s => s.Value) ?? [])).ToList();
        Assert.Equal(6, logs.Count(l => l.Contains("no or wrong reports access token", StringComparison.Ordinal)));
        Assert.DoesNotContain(logs, l => l.Contains(ReportWorker.AccessToken, StringComparison.Ordinal) || l.Contains("a-wrong-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_wrong_tokens_from_one_address_get_429_even_with_the_right_token_until_the_window_ends()
    {
        await using var worker = await ReportWorker.StartAsync();
        using var wrong = new HttpClient { BaseAddress = worker.Client.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "a-wrong-token-of-enough-length");
        const string path = "/_strangler/sync/reconcile/reports";

        // The default limit, as the gateway's admin API: 10 wrong tokens a minute per address.
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            using var refused = await wrong.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        foreach (var client in new[] { wrong, worker.Client })
        {
            using var limited = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            Assert.Contains("Too many wrong tokens", await limited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        var logs = worker.Logs.GetSnapshot().Select(r => r.Message).ToList();
        Assert.Equal(2, logs.Count(l => l.Contains("too many wrong tokens", StringComparison.Ordinal)));
        Assert.DoesNotContain(logs, l => l.Contains(ReportWorker.AccessToken, StringComparison.Ordinal) || l.Contains("a-wrong-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_projection_or_one_without_a_report_is_not_found_with_a_clear_message()
    {
        await using var worker = await ReportWorker.StartAsync();

        var unknown = await ReportResponse.GetAsync(worker.Client, path: "/_strangler/sync/reconcile/orders/report");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("No projection is named 'orders' (known: crm-customers)", unknown.Body);

        var none = await ReportResponse.GetAsync(worker.Client);
        Assert.Equal(HttpStatusCode.NotFound, none.Status);
        Assert.Contains("'crm-customers' has no reconcile report", none.Body);
        var list = JsonDocument.Parse(await worker.Client.GetStringAsync("/_strangler/sync/reconcile/reports", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(JsonValueKind.Null, list.GetProperty("reports")[0].GetProperty("run").ValueKind);
    }

    [Fact]
    public async Task A_large_report_reaches_the_client_while_most_of_it_is_still_unread()
    {
        await using var worker = await ReportWorker.StartAsync();
        var path = worker.DefaultReportPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // 160,000 findings of about 450 bytes: 72 MB, more than the socket buffers between worker and client can hold
        // (here at most 4 MB sent and 32 MB received), so a worker that streams must stop reading while the client does.
        const int count = 160_000;
        long length;
        using (var writer = new ReportWriter(path, 0))
        {
            var padding = new string('x', 280);
            for (var batch = 0; batch < count; batch += 10_000)
            {
                writer.Write(Enumerable.Range(batch, 10_000).Select(i => Finding.Of("crm-customers", FindingKind.Different, (long)i) with
                {
                    Fields = [new FieldDifference("fullName", $"Customer {i} {padding}", "drift")],
                }));
            }

            length = writer.Length;
        }

        new Checkpoint { Projection = "crm-customers", Phase = 3, ReportBytes = length }.Save(Reconciler.CheckpointPath(path));
        var catalog = (ReportCatalog)worker.App.Services.GetService(typeof(ReportCatalog))!;
        CountingStream? reading = null;
        var open = catalog.OpenRead;
        catalog.OpenRead = p => reading = new CountingStream(open(p));

        using var response = await worker.Client.GetAsync(ReportResponse.Path, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), bufferSize: 1024);
        var first = JsonDocument.Parse((await reader.ReadLineAsync(TestContext.Current.CancellationToken))!).RootElement;

        Assert.Equal("crm-customers:different:0", first.GetProperty("id").GetString());
        Assert.NotNull(reading);
        // However long the worker has had since, it cannot have read past what the buffers hold.
        var readAtFirstLine = reading.Furthest;
        Assert.InRange(readAtFirstLine, 1, length / 2);
        var lines = 1;
        string? last = null;
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            lines++;
            last = line;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"first line read when the worker had read {readAtFirstLine:N0} of {length:N0} bytes");
        Assert.Equal(count, lines);
        Assert.Equal(length, reading.Furthest);
        Assert.Contains($"\"id\":\"crm-customers:different:{count - 1}\"", last);
    }

    // 1,000 customers; one drifted document every 50 keys: 20 "different" findings, two per batch of 100.
    private static async Task<ReconcileHarness> DriftedAsync(LegacyProvider provider)
    {
        var harness = await ReconcileHarness.CreateAsync(provider, customers: 1000);
        await harness.LoadAsync();
        for (var id = 5L; id <= 1000; id += 50)
        {
            await harness.PlantAsync(new UpsertDocument(id, new Dictionary<string, object?> { ["fullName"] = "drift" }, harness.PlantPosition));
        }

        return harness;
    }

    private static Task<ReconcileSummary> ReconcileAsync(ReconcileHarness harness, string reportPath, Action<ReconcileProgress>? progress = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
        return new Reconciler(harness.Projection, CustomerDataSet.Reader(harness.Legacy), harness.Store, harness.Options, TimeProvider.System, progress)
            .RunAsync(new ReconcileRequest { Projection = harness.Projection.Name, ReportPath = reportPath }, CancellationToken.None);
    }
}
