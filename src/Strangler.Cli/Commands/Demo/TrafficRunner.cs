using System.Collections.Concurrent;
using System.Globalization;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// Sends a bounded number of GETs through the gateway with varied user keys, as a burst or at a steady rate, and counts
/// who served each.
/// </summary>
internal static class TrafficRunner
{
    public static async Task<TrafficReport> RunAsync(TrafficSettings settings, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = settings.Gateway, Timeout = settings.Timeout };
        var bySide = new ConcurrentDictionary<string, int>();
        var sidesByUser = new ConcurrentDictionary<string, ConcurrentDictionary<string, byte>>();
        var failures = new ConcurrentDictionary<string, int>();
        var clientErrors = new ConcurrentDictionary<int, int>();
        void Fail(string reason) => failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForAsync(0, settings.Requests,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                if (settings.Rate > 0 && TimeSpan.FromSeconds((double)i / settings.Rate) - started.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, ct);
                }

                var user = "user-" + (i % settings.Users).ToString(CultureInfo.InvariantCulture);
                using var request = new HttpRequestMessage(HttpMethod.Get, settings.Path);
                request.Headers.Add(settings.UserHeader, user);
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                    if ((int)response.StatusCode >= 500)
                    {
                        Fail(TrafficReport.ServerError);
                        return;
                    }

                    if ((int)response.StatusCode >= 400)
                    {
                        clientErrors.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    }

                    var side = SideOf(response, settings.ServedByHeader);
                    bySide.AddOrUpdate(side, 1, (_, n) => n + 1);
                    sidesByUser.GetOrAdd(user, _ => new()).TryAdd(side, 0);
                }
                catch (HttpRequestException)
                {
                    Fail(TrafficReport.NoConnection);
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    // HttpClient's own timeout, not the user's Ctrl+C: a gateway that accepts and never answers.
                    Fail(TrafficReport.TimedOut);
                }
            });

        return new TrafficReport
        {
            BySide = new Dictionary<string, int>(bySide),
            Failures = new Dictionary<string, int>(failures),
            ClientErrors = new Dictionary<int, int>(clientErrors),
            UsersOnBothSides = sidesByUser.Values.Count(s => s.ContainsKey("legacy") && s.ContainsKey("new")),
        };
    }

    /// <summary>The side from a header such as <c>new; rev=7</c>.</summary>
    internal static string SideOf(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) && values.FirstOrDefault() is { Length: > 0 } value
            ? value.Split(';', 2)[0].Trim().ToLowerInvariant()
            : "unknown";
}
