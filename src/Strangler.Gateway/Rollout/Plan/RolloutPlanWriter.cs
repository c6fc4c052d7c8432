using System.Text.Json;

namespace Strangler.Gateway.Rollout.Plan;

/// <summary>Writes a plan back in the shape <see cref="RolloutPlanReader"/> reads, so a flip keeps it in the route file.</summary>
internal static class RolloutPlanWriter
{
    public static void Write(Utf8JsonWriter json, RolloutPlan plan)
    {
        json.WriteStartObject(RolloutPlanReader.Field);
        json.WriteStartArray("steps");
        foreach (var step in plan.Steps)
        {
            json.WriteNumberValue(step);
        }

        json.WriteEndArray();
        json.WriteNumber("bakeSeconds", plan.BakeSeconds);
        json.WriteNumber("intervalSeconds", plan.IntervalSeconds);
        json.WriteNumber("minRequests", plan.MinRequests);
        json.WriteNumber("rollbackAfter", plan.RollbackAfter);
        json.WriteString("counting", plan.Counting == FailureCounting.Total ? "total" : "consecutive");
        json.WriteStartObject("gates");
        var gates = plan.Gates;
        if (gates.ErrorRateMargin is { } margin)
        {
            json.WriteNumber("errorRateMargin", margin);
        }

        if (gates.P99Factor is { } factor)
        {
            json.WriteNumber("p99Factor", factor);
        }

        if (gates.MaxDiffRate is { } diff)
        {
            json.WriteNumber("maxDiffRate", diff);
        }

        if (gates.MaxSyncLagSeconds is { } lag)
        {
            json.WriteNumber("maxSyncLagSeconds", lag);
        }

        if (gates.MaxDrift is { } drift)
        {
            json.WriteNumber("maxDrift", drift);
        }

        if (gates.HttpCheck is { } url)
        {
            json.WriteString("httpCheck", url);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
