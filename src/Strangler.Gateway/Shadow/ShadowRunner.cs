using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Logging;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Runs one shadow on a lane's worker: sends it to the new side (and, for a noise sample, to legacy again) within
/// the route's timeout, compares, records. Never throws: every outcome is counted.
/// </summary>
internal sealed class ShadowRunner(ShadowClient client, ShadowBudget budget, ShadowResults results, ShadowMetrics metrics,
    IOptions<ShadowOptions> options, TimeProvider time, RepeatedWarnings warnings, ILogger<ShadowRunner> logger)
{
    // RepeatedWarnings kind of the shadow's lines, apart from the proxy's (the sides, 0 and 1, and negative kinds).
    private const int ShadowWarning = -100;
    private const int FailedCode = 0;
    private const int TimedOutCode = 1;

    public async Task RunAsync(ShadowWork work, CancellationToken stopping)
    {
        var plan = work.Plan;
        var subdomain = results.For(plan.Subdomain);
        try
        {
            using var timeout = new CancellationTokenSource(plan.Settings.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
            metrics.Sent(plan.Subdomain, work.Endpoint);
            var newTask = client.SendAsync(work.Request, work.NewPrefix, plan.Settings.MaxBodyBytes, linked.Token);
            var noiseTask = work.Noise ? client.SendAsync(work.Request, work.LegacyPrefix, plan.Settings.MaxBodyBytes, linked.Token) : null;
            ShadowAnswer answer;
            try
            {
                answer = await newTask;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                // Logged at Debug before, so a new side that never answered in time left the log silent while
                // nothing was compared. At most once per interval, like the proxy's upstream failures. Written before
                // the count, so whoever reads the count sees the line that explains it.
                if (warnings.ShouldWrite(plan.Subdomain, ShadowWarning, TimedOutCode, out var heldBack))
                {
                    ShadowLog.ShadowTimedOut(logger, plan.Subdomain, work.Endpoint, plan.Settings.Timeout, heldBack);
                }

                subdomain.RecordTimedOut(work.Endpoint);
                metrics.TimedOut(plan.Subdomain, work.Endpoint);

                await DiscardAsync(noiseTask);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                if (!stopping.IsCancellationRequested)
                {
                    if (warnings.ShouldWrite(plan.Subdomain, ShadowWarning, FailedCode, out var heldBack))
                    {
                        ShadowLog.ShadowFailed(logger, plan.Subdomain, work.Endpoint, ExceptionText.Messages(ex), heldBack);
                    }

                    subdomain.RecordFailed(work.Endpoint);
                    metrics.Failed(plan.Subdomain, work.Endpoint);
                }

                await DiscardAsync(noiseTask);
                return;
            }

            using (answer)
            {
                using var again = await NoiseAsync(noiseTask);
                var comparison = AnswerComparer.Compare(plan, work.Legacy, answer);
                var noise = again is null ? null : AnswerComparer.Compare(plan, work.Legacy, again);
                var differing = subdomain.RecordCompared(work.Endpoint, time.GetUtcNow(), work.Legacy.Elapsed, answer.Elapsed,
                    comparison, noise, IsIgnored(plan), () => ShadowSamples.Build(plan, work, answer, comparison, options.Value, time.GetUtcNow()));
                metrics.Compared(plan.Subdomain, work.Endpoint, differing, comparison.TooLarge);
            }
        }
        catch (Exception ex)
        {
            // A bug here must cost one shadow, never the worker that runs the next ones.
            ShadowLog.ShadowCrashed(logger, plan.Subdomain, work.Endpoint, ex);
        }
        finally
        {
            budget.Release(work.ReservedBytes);
            work.Dispose();
        }
    }

    // The plan's own ignore paths: the comparison skips them in JSON bodies; this also covers stored fields.
    private static Func<string, bool> IsIgnored(ShadowPlan plan) => plan.Rules.Ignore.Count == 0 ? _ => false : plan.IsIgnored;

    private static async Task<ShadowAnswer?> NoiseAsync(Task<ShadowAnswer>? task)
    {
        if (task is null)
        {
            return null;
        }

        try
        {
            return await task;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            // No noise measurement this time; the comparison with the new side stands on its own.
            return null;
        }
    }

    private static async Task DiscardAsync(Task<ShadowAnswer>? task) => (await NoiseAsync(task))?.Dispose();
}
