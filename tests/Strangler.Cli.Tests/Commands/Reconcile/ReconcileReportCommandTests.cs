using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Strangler.Cli.Tests.Infrastructure;
using Strangler.Sync.Hosting;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Tests.Commands.Reconcile;

/// <summary>
/// <c>strangler reconcile-report</c> against the real sync worker on Kestrel, over a report written by the
/// reconciler's own writer: a read dropped half-way through a line resumes with no finding lost or repeated.
/// </summary>
public sealed class ReconcileReportCommandTests
{
    private const string Token = "cli-reports-token-0123456789";

    [Fact]
    public async Task A_dropped_read_resumes_after_its_last_whole_finding_and_a_replaced_report_is_said_to_be_gone()
    {
        using var directory = new TempDirectory();
        await using var worker = await StartWorkerAsync(directory);
        var url = KestrelHost.UrlOf(worker);
        var firstRun = WriteReport(directory, "20261130T210000000Z-aaaaaaaa", 30);
        var output = directory.Combine("findings.ndjson");

        var full = await CliRunner.RunAsync("reconcile-report", "crm", "--worker", url, "--token", Token, "--out", output);

        Assert.Equal(0, full.ExitCode);
        Assert.Contains("crm: run 20261130T210000000Z-aaaaaaaa (complete): 30 findings read", full.Error);
        var complete = File.ReadAllText(output);
        var lines = complete.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"{{\"id\":\"crm:different:{i}\""), lines.Select(l => l[..l.IndexOf(",\"projection\"", StringComparison.Ordinal)]));
        Assert.All(lines, l => Assert.Contains("\"cursor\":\"", l));

        // The connection dropped in the middle of the twelfth finding.
        File.WriteAllText(output, string.Concat(lines.Take(11).Select(l => l + "\n")) + lines[11][..25]);
        var resumed = await CliRunner.RunAsync("reconcile-report", "crm", "--worker", url, "--token", Token, "--out", output, "--resume");

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains($"19 findings read after the last one in {output}", resumed.Error);
        Assert.Equal(complete, File.ReadAllText(output));

        WriteReport(directory, "20261130T220000000Z-bbbbbbbb", 3);
        File.WriteAllText(output, lines[0] + "\n");
        var gone = await CliRunner.RunAsync("reconcile-report", "crm", "--worker", url, "--token", Token, "--out", output, "--resume");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains($"410: The cursor belongs to run {firstRun}, which run 20261130T220000000Z-bbbbbbbb (complete) has replaced since", gone.Error);
        Assert.Contains("without --resume", gone.Error);

        var printed = await CliRunner.RunAsync("reconcile-report", "crm", "--worker", url, "--token", Token);
        Assert.Equal(3, printed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_missing_or_wrong_token_is_refused_without_printing_it()
    {
        using var directory = new TempDirectory();
        await using var worker = await StartWorkerAsync(directory);
        var url = KestrelHost.UrlOf(worker);
        WriteReport(directory, "20261130T210000000Z-aaaaaaaa", 2);

        var wrong = await CliRunner.RunAsync("reconcile-report", "crm", "--worker", url, "--token", "not-the-token-at-all-0000");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("401: Send the reports access token", wrong.Error);
        Assert.DoesNotContain("not-the-token", wrong.Error + wrong.Output);
        Assert.Empty(wrong.Output);

        var newline = await CliRunner.RunAsync("reconcile-report", "crm", "--worker", url, "--token", Token + "\n");
        Assert.Equal(2, newline.ExitCode);
        Assert.Contains("contains a line break", newline.Error);
        Assert.DoesNotContain(Token, newline.Error);

        var resumeToNowhere = await CliRunner.RunAsync("reconcile-report", "crm", "--worker", url, "--token", Token, "--resume");
        Assert.Equal(2, resumeToNowhere.ExitCode);
        Assert.Contains("--resume needs --out", resumeToNowhere.Error);
    }

    private static async Task<WebApplication> StartWorkerAsync(TempDirectory directory)
    {
        var app = SyncApplication.Build(["--urls=http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Strangler:Sync:UseMockCluster"] = "true",
                ["Strangler:Sync:Store:LiteDbPath"] = directory.Combine("store.db"),
                ["Strangler:Sync:Projections:0:Name"] = "crm",
                ["Strangler:Sync:Projections:0:Collection"] = "crm",
                ["Strangler:Sync:Projections:0:Root:Table"] = "crm",
                ["Strangler:Sync:Projections:0:Root:Topic"] = "legacy.crm",
                ["Strangler:Sync:Reports:Directory"] = directory.Combine("reports"),
                ["Strangler:Sync:Reports:AccessToken"] = Token,
            });
            builder.Logging.ClearProviders();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    // A finished run of the "crm" projection, written by the reconciler's writer with its checkpoint.
    private static string WriteReport(TempDirectory directory, string run, int findings)
    {
        var path = directory.Combine("reports", "crm", run + ".ndjson");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var writer = new ReportWriter(path, 0))
        {
            writer.Write(Enumerable.Range(0, findings).Select(i => Finding.Of("crm", FindingKind.Different, (long)i) with
            {
                Fields = [new FieldDifference("name", $"Customer {i}", "drift")],
            }));
            new Checkpoint { Projection = "crm", Phase = 3, ReportBytes = writer.Length }.Save(Reconciler.CheckpointPath(path));
        }

        return run;
    }
}
