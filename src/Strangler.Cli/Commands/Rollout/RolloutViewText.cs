using System.Globalization;
using System.Text;
using System.Text.Json;
using Strangler.Cli.Commands.Routes;

namespace Strangler.Cli.Commands.Rollout;

/// <summary>A rollout as the CLI prints it: state and step on one line, then the message, warnings and recent gates.</summary>
internal static class RolloutViewText
{
    /// <param name="view">The gateway's rollout view.</param>
    /// <param name="evaluations">How many of the last evaluations to print, with their gates.</param>
    /// <param name="now">This machine's time, to tell a next evaluation already due (the default: now).</param>
    public static string Describe(JsonElement view, int evaluations = 1, DateTimeOffset? now = null)
    {
        var text = new StringBuilder();
        var state = view.Get("state");
        var steps = view.Get("plan").Get("steps").Items().Select(s => s.GetRawText()).ToList();
        text.Append($"{view.Text("subdomain")}: serving {view.Text("mode")}");
        if (state.ValueKind != JsonValueKind.Object)
        {
            text.Append(steps.Count > 0 ? $", no rollout yet (plan: {string.Join(" -> ", steps)} %)" : ", no rollout plan");
        }
        else
        {
            var step = int.TryParse(state.Text("step"), out var index) ? index + 1 : 0;
            text.Append($", rollout {state.Text("status")} at step {step} of {steps.Count} ({string.Join(" -> ", steps)} %)");
            if (state.Text("status") == "running")
            {
                text.Append($", next evaluation {When(state.Text("nextEvaluationAt"))}{Due(state.Text("nextEvaluationAt"), now)}");
            }

            text.AppendLine().Append("  ").Append(state.Text("message"));
            foreach (var evaluation in state.Get("evaluations").Items().TakeLast(evaluations))
            {
                text.AppendLine().Append($"  {When(evaluation.Text("at"))} {evaluation.Text("mode")}: {evaluation.Text("outcome")} -> {evaluation.Text("action")}");
                foreach (var gate in evaluation.Get("gates").Items())
                {
                    var detail = gate.Text("detail") is { Length: > 0 } d ? $" ({d})" : "";
                    text.AppendLine().Append($"    {gate.Text("gate"),-7}{gate.Text("outcome"),-13}{gate.Text("value")}  [{gate.Text("limit")}]{detail}");
                }
            }
        }

        foreach (var warning in view.Get("warnings").Items())
        {
            text.AppendLine().Append("  warning: ").Append(warning.GetString());
        }

        return text.ToString();
    }

    // An evaluation whose time has passed runs at the gateway's next tick (every 5 s by default): printed as a time
    // in the past alone, it read as a rollout that had stopped judging.
    private static string Due(string text, DateTimeOffset? now) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && at <= (now ?? DateTimeOffset.UtcNow)
            ? " (due: at the gateway's next tick)" : "";

    // As routes history writes its times (to the second, UTC), not the wire's round-trip text with 7 decimals.
    private static string When(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC"
            : text;
}
