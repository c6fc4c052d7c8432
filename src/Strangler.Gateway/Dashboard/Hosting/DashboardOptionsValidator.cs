using Microsoft.Extensions.Options;
using Strangler.Auth;
using Strangler.Gateway.Dashboard.Sessions;

namespace Strangler.Gateway.Dashboard.Hosting;

/// <summary>Checks the dashboard settings at startup and reports every problem at once, each naming its key.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    private const string Section = DashboardOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var errors = new List<string>();
        if (!options.Enabled)
        {
            // Settings of a dashboard that is off are never used; they do not keep the gateway from starting.
            return ValidateOptionsResult.Success;
        }

        if (!options.PathBase.StartsWith('/') || options.PathBase.EndsWith('/') || options.PathBase.Contains('?'))
        {
            errors.Add($"{Section}:PathBase must start with '/' and not end with '/', was '{options.PathBase}'");
        }

        for (var i = 0; i < options.Hosts.Count; i++)
        {
            // A scheme or path here would never match a Host header: the dashboard would answer 404 everywhere.
            var host = options.Hosts[i];
            if (string.IsNullOrWhiteSpace(host) || host.Contains('/'))
            {
                errors.Add($"{Section}:Hosts:{i} must be a host name (ops.example.com) or a host and port (ops.example.com:8443), "
                    + $"no scheme or path, was '{host}'");
            }
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

        ValidateKeys(options, errors);
        if (options.SyncStatusToken is { Length: > 0 } token)
        {
            errors.AddRange(BearerTokenRules.Problems($"{Section}:SyncStatusToken", token));
        }

        for (var i = 0; i < options.SyncStatusUrls.Count; i++)
        {
            // The entry is named by its index and never quoted: one that does not parse may still hold a password
            // ("ops:s3cret@sync:5103" reads as the scheme "ops"), and this error goes to the log and the console.
            var url = options.SyncStatusUrls[i];
            if (string.IsNullOrWhiteSpace(url))
            {
                errors.Add($"{Section}:SyncStatusUrls:{i} is empty; give the sync worker's base URL, e.g. http://sync:8080");
            }
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                errors.Add($"{Section}:SyncStatusUrls:{i} is not an absolute URL (the value is not shown); "
                    + "give the sync worker's base URL with its scheme and host, e.g. http://sync:8080");
            }
            else if (uri.Scheme != "http" && uri.Scheme != "https")
            {
                errors.Add($"{Section}:SyncStatusUrls:{i} must be an http or https URL (the value is not shown; without "
                    + "'http://', a host:port or user:password@host reads as another scheme), e.g. http://sync:8080");
            }
            else if (uri.UserInfo.Length > 0)
            {
                // The poller sends no credentials, and the URL is shown on the dashboard and in its logs: a password in
                // it would be shown too. Not quoted here, for the same reason.
                errors.Add($"{Section}:SyncStatusUrls:{i} must not carry a user name or password (the poller sends none, "
                    + "and the URL is shown on the dashboard); put the worker's status endpoint on a private network instead");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateKeys(DashboardOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.KeysCertificateFile))
        {
            if (!string.IsNullOrWhiteSpace(options.KeysCertificateKeyFile))
            {
                errors.Add($"{Section}:KeysCertificateKeyFile is set without {Section}:KeysCertificateFile");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(options.KeysDirectory))
        {
            errors.Add($"{Section}:KeysCertificateFile needs {Section}:KeysDirectory: in-memory keys are never stored");
            return;
        }

        try
        {
            using var certificate = DashboardKeyRing.LoadCertificate(options)!;
            if (!certificate.HasPrivateKey)
            {
                errors.Add($"{Section}:KeysCertificateKeyFile: the certificate's private key is needed to read the keys back");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            errors.Add($"{Section}:KeysCertificateFile '{options.KeysCertificateFile}' cannot be loaded as a PEM certificate and key: {ex.Message}");
        }
    }
}
