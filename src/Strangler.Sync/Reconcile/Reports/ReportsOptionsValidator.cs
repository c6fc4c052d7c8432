using Microsoft.Extensions.Options;
using Strangler.Auth;

namespace Strangler.Sync.Reconcile.Reports;

/// <summary>Checks <see cref="ReportsOptions"/>, reporting every problem at once, each naming its key.</summary>
internal sealed class ReportsOptionsValidator : IValidateOptions<ReportsOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportsOptions options)
    {
        const string at = ReportsOptions.SectionName;
        var errors = new List<string>();
        if (options.Directory is { } directory && (directory.Length == 0 || directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"{at}:Directory: '{directory}' is not a usable path");
        }

        if (options.AccessToken is { } token)
        {
            errors.AddRange(BearerTokenRules.Problems($"{at}:AccessToken", token));
        }

        if (options.AuthFailureLimit < 1)
        {
            errors.Add($"{at}:AuthFailureLimit: must be at least 1 (was {options.AuthFailureLimit})");
        }

        if (options.AuthFailureWindow <= TimeSpan.Zero)
        {
            errors.Add($"{at}:AuthFailureWindow: must be positive (was {options.AuthFailureWindow})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
