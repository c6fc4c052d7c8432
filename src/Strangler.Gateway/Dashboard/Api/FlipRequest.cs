namespace Strangler.Gateway.Dashboard.Api;

/// <summary>A flip asked for by the page: target mode, canary percentage when canary, and the operator's reason.</summary>
internal sealed record FlipRequest(string? Subdomain, string? Mode, int? Percentage, string? Reason)
{
    private static readonly string[] Modes = ["legacy", "canary", "new"];

    /// <summary>Every problem with the request at once, each naming the field.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Subdomain))
        {
            errors.Add("subdomain: required");
        }

        if (Mode is null || !Modes.Contains(Mode, StringComparer.Ordinal))
        {
            errors.Add($"mode: must be one of {string.Join(", ", Modes)}, was '{Mode}'");
        }

        if (Mode == "canary" && Percentage is null or < 0 or > 100)
        {
            errors.Add($"percentage: canary needs a percentage from 0 to 100, was '{Percentage}'");
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            errors.Add("reason: required, say why you are flipping");
        }

        return errors;
    }
}
