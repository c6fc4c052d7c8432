using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Shadow;

/// <summary>Fails start-up naming every bad <c>Strangler:Gateway:Shadow</c> key at once.</summary>
internal sealed class ShadowOptionsValidator : IValidateOptions<ShadowOptions>
{
    private const string Prefix = ShadowOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, ShadowOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBufferedBytes < 1024)
        {
            failures.Add($"{Prefix}MaxBufferedBytes must be at least 1024, found {options.MaxBufferedBytes}.");
        }

        Range(failures, "MaxEndpoints", options.MaxEndpoints, 1, 10_000);
        Range(failures, "MaxFieldsPerEndpoint", options.MaxFieldsPerEndpoint, 1, 10_000);
        Range(failures, "SamplesPerField", options.SamplesPerField, 0, 100);
        Range(failures, "MaxSamplesPerSubdomain", options.MaxSamplesPerSubdomain, 0, 100_000);
        Range(failures, "MaxSampleChars", options.MaxSampleChars, 64, 1024 * 1024);
        if (options.RelativeThreshold is < 0 or > 100 || double.IsNaN(options.RelativeThreshold))
        {
            failures.Add($"{Prefix}RelativeThreshold must be from 0 to 100 (a fraction: 0.2 is 20 %), found {options.RelativeThreshold}.");
        }

        if (options.AbsoluteThreshold is < 0 or > 1 || double.IsNaN(options.AbsoluteThreshold))
        {
            failures.Add($"{Prefix}AbsoluteThreshold must be from 0 to 1 (a rate: 0.0003 is 0.03 %), found {options.AbsoluteThreshold}.");
        }

        if (options.BusyThreshold < TimeSpan.Zero || options.BusyThreshold > TimeSpan.FromSeconds(1))
        {
            failures.Add($"{Prefix}BusyThreshold must be from 00:00:00 (never shed) to 00:00:01, found {options.BusyThreshold}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Prefix}{key} must be from {min} to {max}, found {value}.");
        }
    }
}
