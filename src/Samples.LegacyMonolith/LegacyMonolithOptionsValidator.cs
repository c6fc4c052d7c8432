using Microsoft.Extensions.Options;

namespace Samples.LegacyMonolith;

/// <summary>Checks the <c>LegacyMonolith</c> settings at start, reporting every problem at once, each naming its key.</summary>
internal sealed class LegacyMonolithOptionsValidator : IValidateOptions<LegacyMonolithOptions>
{
    public ValidateOptionsResult Validate(string? name, LegacyMonolithOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            errors.Add($"{LegacyMonolithOptions.SectionName}:DatabasePath is required: the SQLite file of the monolith's data.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
