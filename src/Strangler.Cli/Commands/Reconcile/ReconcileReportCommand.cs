using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Strangler.Cli.Commands.Routes;
using Strangler.Cli.Errors;
using Strangler.Sync.Hosting;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// <c>strangler reconcile-report &lt;projection&gt; [--worker url] [--token t] [--out file [--resume]]</c>: streams the
/// newest reconcile report of a projection from the sync worker. With <c>--resume</c> it continues <c>--out</c> after
/// the last whole finding in it (a half-written last line is cut first), with that finding's cursor. Exit 0 when read
/// to the end, 1 when the worker refused (its reason printed), 2 for a usage mistake.
/// </summary>
internal static class ReconcileReportCommand
{
    public const string TokenVariable = "STRANGLER_REPORTS_TOKEN";

    public static Command Create()
    {
        var projection = new Argument<string>("projection") { Description = "The projection's name." };
        var worker = new Option<string>("--worker") { Description = "The sync worker's base URL.", DefaultValueFactory = _ => SyncApplication.DefaultUrl };
        var token = new Option<string?>("--token") { Description = $"The worker's Strangler:Sync:Reports:AccessToken (default: the {TokenVariable} environment variable)." };
        var output = new Option<string?>("--out") { Description = "Write the findings to this file (default: standard output)." };
        var resume = new Option<bool>("--resume") { Description = "Continue --out after its last whole finding instead of starting over." };
        var command = new Command("reconcile-report", "Stream the newest reconcile report of a projection from the sync worker, resuming where a dropped read stopped.")
        {
            projection, worker, token, output, resume,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var name = parseResult.GetValue(projection)!;
            var outPath = parseResult.GetValue(output);
            var secret = parseResult.GetValue(token);
            secret = string.IsNullOrWhiteSpace(secret) ? Environment.GetEnvironmentVariable(TokenVariable) : secret;
            var usage = Usage(parseResult.GetValue(worker)!, secret, outPath, parseResult.GetValue(resume), out var baseUri);
            if (usage is not null)
            {
                await error.WriteLineAsync($"reconcile-report: {usage}");
                return 2;
            }

            var cursor = parseResult.GetValue(resume) ? ReportTail.ResumeCursor(outPath!) : null;
            using var client = new HttpClient { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Get,
                $"/_strangler/sync/reconcile/{Uri.EscapeDataString(name)}/report{(cursor is null ? "" : "?cursor=" + Uri.EscapeDataString(cursor))}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            request.Headers.Accept.ParseAdd("application/x-ndjson");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await Detail(response, cancellationToken);
                var hint = response.StatusCode == HttpStatusCode.Gone && cursor is not null ? " Run it again without --resume to read the new report." : "";
                await error.WriteLineAsync($"reconcile-report: the worker answered {(int)response.StatusCode}: {detail}{hint}");
                return 1;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            long lines;
            if (outPath is null)
            {
                lines = await ReportTail.CopyLinesAsync(body, parseResult.InvocationConfiguration.Output, cancellationToken);
            }
            else
            {
                await using var file = new FileStream(outPath, cursor is null ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read);
                lines = await ReportTail.CopyCountingAsync(body, file, cancellationToken);
            }

            var run = response.Headers.TryGetValues("X-Strangler-Report-Run", out var runs) ? runs.First() : "?";
            var state = response.Headers.TryGetValues("X-Strangler-Report-State", out var states) ? states.First() : "?";
            await error.WriteLineAsync($"{name}: run {run} ({state}): {ProgressWords.Reconcile.Counted(lines)} {(cursor is null ? "read" : "read after the last one in " + outPath)}");
            return 0;
        });
        return command;
    }

    private static string? Usage(string worker, string? token, string? outPath, bool resume, out Uri? baseUri)
    {
        baseUri = HttpUrlArgument.Parse("--worker", worker, out var urlProblem);
        if (baseUri is null)
        {
            return urlProblem;
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            return $"no access token: pass --token or set {TokenVariable} (the worker's Strangler:Sync:Reports:AccessToken).";
        }

        if (AdminTokenText.Problem(token) is { } problem)
        {
            return $"the access token {problem}; an HTTP header cannot carry it (the token is not shown).";
        }

        return resume && outPath is null ? "--resume needs --out: the file whose last finding says where to go on." : null;
    }

    private static async Task<string> Detail(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            return text.Length == 0 ? response.ReasonPhrase ?? "" : text;
        }
    }
}
