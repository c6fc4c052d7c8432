using Strangler.Sync.Metrics;

namespace Strangler.Sync.Hosting;

/// <summary>What <c>/readyz</c> says: one line per pipeline that cannot move, none when the worker is ready.</summary>
internal static class SyncReadiness
{
    /// <summary>
    /// A pipeline whose Kafka is unreachable, and one retrying a batch that failed: its store or legacy database down
    /// was a ready worker before, with only <c>retried</c> growing in the status until <c>stalled</c>, minutes later.
    /// Anyone may ask, so errors are named by kind only (<see cref="ErrorKind"/>; Kafka's by librdkafka's code name).
    /// </summary>
    public static IReadOnlyList<string> NotReady(SyncMetrics metrics)
    {
        var lines = new List<string>();
        foreach (var pipeline in metrics.Pipelines)
        {
            if (pipeline.Kafka.Reachable == false)
            {
                lines.Add($"{pipeline.Name}: Kafka unreachable since {pipeline.Kafka.Since:O} ({pipeline.Kafka.LastError})");
            }

            if (pipeline.Failing is { } failing)
            {
                lines.Add($"{pipeline.Name}: a batch failing since {failing.Since:O} ({failing.Attempts} attempt(s), retried): {failing.LastErrorKind}; the worker's log has the error");
            }
        }

        return lines;
    }
}
