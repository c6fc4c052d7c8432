using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// The team's own check: a GET to the plan's URL with <c>subdomain</c> and <c>percentage</c> in the query. 2xx passes,
/// any other status fails, and no answer (refused, timed out) is inconclusive: a check that is down is no evidence.
/// </summary>
internal sealed class HttpCheckGate(IHttpClientFactory clients, IOptions<RolloutOptions> options) : IRolloutGate
{
    public const string ClientName = "Strangler.Rollout.HttpCheck";

    public string Name => "http";

    public bool AppliesTo(Plan.RolloutGates gates) => gates.HttpCheck is not null;

    public async Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var url = context.Plan.Gates.HttpCheck!;
        var percentage = context.Plan.Steps[Math.Min(context.State.Step, context.Plan.Steps.Count - 1)];
        var target = url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?")
            + $"subdomain={Uri.EscapeDataString(context.Subdomain)}&percentage={percentage}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.HttpCheckTimeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(target, timeout.Token);
            var status = (int)response.StatusCode;
            return new GateResult("http", response.IsSuccessStatusCode ? GateOutcome.Pass : GateOutcome.Fail,
                $"check {status}", "check answers 2xx");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new GateResult("http", GateOutcome.Inconclusive, "check n/a", "check answers 2xx", $"no answer: {ex.Message}");
        }
    }
}
