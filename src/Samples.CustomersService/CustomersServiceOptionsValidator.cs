using Microsoft.Extensions.Options;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Samples.CustomersService;

/// <summary>Checks the <c>CustomersService</c> settings at start, reporting every problem at once, each naming its key.</summary>
internal sealed class CustomersServiceOptionsValidator : IValidateOptions<CustomersServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomersServiceOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            errors.Add($"{CustomersServiceOptions.SectionName}:DatabasePath is required: the LiteDB file of the customer documents.");
        }

        if (!string.IsNullOrWhiteSpace(options.LegacyKeysConnectionString)
            && ConnectionStringCheck.Problem(LegacyProvider.Sqlite, options.LegacyKeysConnectionString) is { } problem)
        {
            errors.Add($"{CustomersServiceOptions.SectionName}:LegacyKeysConnectionString {problem}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
