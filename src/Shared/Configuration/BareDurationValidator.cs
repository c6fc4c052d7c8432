using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Strangler.Configuration;

/// <summary>
/// Fails start (with the options' other checks) when a duration of <typeparamref name="TOptions"/> under
/// <paramref name="sectionName"/> is a bare number; see <see cref="BareDurations"/>.
/// </summary>
/// <typeparam name="TOptions">The options type bound from the section.</typeparam>
internal sealed class BareDurationValidator<TOptions>(IConfiguration? configuration, string sectionName) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (configuration is null)
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = BareDurations.Problems(configuration.GetSection(sectionName), typeof(TOptions));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
