using Microsoft.Extensions.Options;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.Sync.Reconcile;

/// <summary>Checks <see cref="ReconcileOptions"/>, reporting every problem at once, each naming its key.</summary>
internal sealed class ReconcileOptionsValidator : IValidateOptions<ReconcileOptions>
{
    public ValidateOptionsResult Validate(string? name, ReconcileOptions options)
    {
        var errors = Errors(options, requireDatabase: options.SampleSizePerMinute > 0);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of <paramref name="options"/>; the database is required by the commands and the sample.</summary>
    public static IReadOnlyList<string> Errors(ReconcileOptions options, bool requireDatabase)
    {
        const string at = ReconcileOptions.SectionName;
        var errors = new List<string>();
        LegacyProvider? provider = null;
        if (requireDatabase || !string.IsNullOrEmpty(options.Provider))
        {
            try
            {
                provider = SqlDialects.ParseProvider(options.Provider);
            }
            catch (ArgumentException)
            {
                errors.Add($"{at}:Provider: '{options.Provider}' is not one of sqlserver, postgres, sqlite");
            }
        }

        if (requireDatabase && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{at}:ConnectionString: is required");
        }
        else if (provider is { } known && !string.IsNullOrWhiteSpace(options.ConnectionString)
            && ConnectionStringCheck.Problem(known, options.ConnectionString) is { } problem)
        {
            errors.Add($"{at}:ConnectionString: {problem}");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            errors.Add($"{at}:BatchSize: {options.BatchSize} is not between 1 and 10000");
        }

        if (options.Concurrency is < 1 or > 64)
        {
            errors.Add($"{at}:Concurrency: {options.Concurrency} is not between 1 and 64");
        }

        if (options.CheckpointInterval < TimeSpan.Zero || options.CheckpointInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{at}:CheckpointInterval: must be from 00:00:00 (every batch) to 00:10:00, found {options.CheckpointInterval}");
        }

        if (options.RecheckDelay < TimeSpan.Zero)
        {
            errors.Add($"{at}:RecheckDelay: must not be negative");
        }

        if (options.PositionWait <= TimeSpan.Zero)
        {
            errors.Add($"{at}:PositionWait: must be positive");
        }

        if (options.MaxKeysPerSecond is < 0 or > 10_000_000)
        {
            errors.Add($"{at}:MaxKeysPerSecond: {options.MaxKeysPerSecond} is not between 0 (no limit) and 10000000");
        }

        if (options.SampleSizePerMinute is < 0 or > 100_000)
        {
            errors.Add($"{at}:SampleSizePerMinute: {options.SampleSizePerMinute} is not between 0 and 100000");
        }

        if (options.SampleInterval < TimeSpan.FromSeconds(1) || options.SampleInterval > TimeSpan.FromHours(24))
        {
            errors.Add($"{at}:SampleInterval: must be from 00:00:01 to 1.00:00:00, found {options.SampleInterval}");
        }
        else if (options.SampleSizePerMinute > 0 && options.SampleInterval <= options.RecheckDelay)
        {
            // A check waits RecheckDelay before it looks at a differing key again, and the next check starts only when it
            // is done (the checks never overlap): an interval that is not longer could never be kept, so the worker would
            // check less often than the intervalSeconds it publishes, which the gateway's drift gate reads for freshness.
            errors.Add($"{at}:SampleInterval: {options.SampleInterval} must be longer than {at}:RecheckDelay ({options.RecheckDelay}), "
                + "which each check waits before it checks a differing key again; lengthen the one or shorten the other");
        }

        return errors;
    }
}
