using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Rollout;

/// <summary>Reports every bad rollout setting at once, naming its key.</summary>
internal sealed class RolloutOptionsValidator : IValidateOptions<RolloutOptions>
{
    public ValidateOptionsResult Validate(string? name, RolloutOptions options)
    {
        const string s = RolloutOptions.SectionName;
        var errors = new List<string>();
        if (options.TickInterval < TimeSpan.FromMilliseconds(100) || options.TickInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{s}:TickInterval must be from 00:00:00.1 to 00:10:00, was {options.TickInterval}");
        }

        for (var i = 0; i < options.WebhookUrls.Count; i++)
        {
            if (!Uri.TryCreate(options.WebhookUrls[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                // Not echoed: a webhook URL may carry its secret (in its path, as chat services' do).
                errors.Add($"{s}:WebhookUrls:{i} is not an absolute http(s) URL (the value is not shown)");
            }
        }

        if (options.WebhookTimeout <= TimeSpan.Zero || options.WebhookTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{s}:WebhookTimeout must be from 00:00:00.001 to 00:01:00, was {options.WebhookTimeout}");
        }

        if (options.HttpCheckTimeout <= TimeSpan.Zero || options.HttpCheckTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{s}:HttpCheckTimeout must be from 00:00:00.001 to 00:01:00, was {options.HttpCheckTimeout}");
        }

        if (options.EvaluationsKept is < 1 or > 1000)
        {
            errors.Add($"{s}:EvaluationsKept must be from 1 to 1000, was {options.EvaluationsKept}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
