using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Dashboard.Hosting;

/// <summary>Checks the dashboard settings at startup and reports every problem at once, each naming its key.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    private const string Section = DashboardOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var errors = new List<string>();
        if (!options.PathBase.StartsWith('/') || options.PathBase.EndsWith('/') || options.PathBase.Contains('?'))
        {
            errors.Add($"{Section}:PathBase must start with '/' and not end with '/', was '{options.PathBase}'");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:SessionLifetime must be positive, was '{options.SessionLifetime}'");
        }

        if (options.MaxSessions < 1)
        {
            errors.Add($"{Section}:MaxSessions must be at least 1, was {options.MaxSessions}");
        }

        if (options.SyncPollInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"{Section}:SyncPollInterval must be at least 100 ms, was '{options.SyncPollInterval}'");
        }

        if (options.RetireAfterDays < 1)
        {
            errors.Add($"{Section}:RetireAfterDays must be at least 1, was {options.RetireAfterDays}");
        }

        if (options.MaxInventoryTemplates < 1)
        {
            errors.Add($"{Section}:MaxInventoryTemplates must be at least 1, was {options.MaxInventoryTemplates}");
        }

        if (options.InventorySaveInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{Section}:InventorySaveInterval must be at least 1 second, was '{options.InventorySaveInterval}'");
        }

        for (var i = 0; i < options.SyncStatusUrls.Count; i++)
        {
            var url = options.SyncStatusUrls[i];
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                errors.Add($"{Section}:SyncStatusUrls:{i} must be an absolute http(s) URL, was '{url}'");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
