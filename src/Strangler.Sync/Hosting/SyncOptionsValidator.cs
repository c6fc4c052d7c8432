using Microsoft.Extensions.Options;
using Strangler.Auth;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;
using Strangler.Sync.Consuming;
using Strangler.Sync.Echo;
using Strangler.Sync.Stores;
using Strangler.Sync.Tombstones;

namespace Strangler.Sync.Hosting;

/// <summary>Checks <see cref="SyncOptions"/>, reporting every problem at once, each naming its configuration key.</summary>
internal sealed class SyncOptionsValidator : IValidateOptions<SyncOptions>
{
    public ValidateOptionsResult Validate(string? name, SyncOptions options)
    {
        var errors = new List<string>();
        const string at = SyncOptions.SectionName;
        if (!options.UseMockCluster && string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            errors.Add($"{at}:BootstrapServers: is required (or set {at}:UseMockCluster=true)");
        }

        if (options.MaxBatchSize is < 1 or > 100_000)
        {
            errors.Add($"{at}:MaxBatchSize: must be between 1 and 100000, was {options.MaxBatchSize}");
        }

        if (options.FlushInterval <= TimeSpan.Zero)
        {
            errors.Add($"{at}:FlushInterval: must be positive, was {options.FlushInterval}");
        }

        if (options.StallAfter <= TimeSpan.Zero)
        {
            errors.Add($"{at}:StallAfter: must be positive, was {options.StallAfter}");
        }

        if (options.StatusToken is { Length: > 0 } token)
        {
            errors.AddRange(BearerTokenRules.Problems($"{at}:StatusToken", token));
        }

        errors.AddRange(ConsumerGroupOptionsValidator.Validate(options.Group, $"{at}:Group"));
        switch (options.Store.Kind)
        {
            case "litedb" when options.Store.LiteDbPath is not null && string.IsNullOrWhiteSpace(options.Store.LiteDbPath):
                errors.Add($"{at}:Store:LiteDbPath: is required for the litedb store");
                break;
            case "litedb" when LiteDbDefaultPath.Problem(options.Store, options.Projections, at) is { } problem:
                errors.Add(problem);
                break;
            case "mongodb":
                if (string.IsNullOrWhiteSpace(options.Store.MongoConnectionString))
                {
                    errors.Add($"{at}:Store:MongoConnectionString: is required for the mongodb store");
                }
                else if (MongoConnectionStringCheck.Problem(options.Store.MongoConnectionString) is { } problem)
                {
                    errors.Add($"{at}:Store:MongoConnectionString: {problem}");
                }

                if (string.IsNullOrWhiteSpace(options.Store.MongoDatabase))
                {
                    errors.Add($"{at}:Store:MongoDatabase: is required for the mongodb store");
                }

                break;
            case "litedb":
                break;
            default:
                errors.Add($"{at}:Store:Kind: '{options.Store.Kind}' is not one of litedb, mongodb");
                break;
        }

        errors.AddRange(Projection.ProjectionValidator.Validate(options.Projections, $"{at}:Projections"));
        if (options.Capture.Enabled)
        {
            if (string.IsNullOrWhiteSpace(options.Capture.ConnectionString))
            {
                errors.Add($"{at}:Capture:ConnectionString: is required when the capture is enabled");
            }
            else if (ConnectionStringCheck.Problem(LegacyProvider.Sqlite, options.Capture.ConnectionString) is { } problem)
            {
                errors.Add($"{at}:Capture:ConnectionString: {problem}");
            }

            if (options.Capture.Tables.Count == 0)
            {
                errors.Add($"{at}:Capture:Tables: list at least one table to capture");
            }
        }

        errors.AddRange(ValidateEcho(options.Echo, $"{at}:Echo"));
        errors.AddRange(ValidateTombstones(options.Tombstones, $"{at}:Tombstones"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static List<string> ValidateEcho(EchoOptions echo, string at)
    {
        if (string.IsNullOrWhiteSpace(echo.Provider))
        {
            return string.IsNullOrWhiteSpace(echo.ConnectionString)
                ? []
                : [$"{at}:Provider: is required when {at}:ConnectionString is set (sqlserver, postgres or sqlite)"];
        }

        if (string.Equals(echo.Provider.Trim(), EchoSource.None, StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(echo.ConnectionString)
                ? []
                : [$"{at}:ConnectionString: must be empty when {at}:Provider is {EchoSource.None}"];
        }

        LegacyProvider provider;
        try
        {
            provider = SqlDialects.ParseProvider(echo.Provider);
        }
        catch (ArgumentException)
        {
            return [$"{at}:Provider: '{echo.Provider}' is not one of sqlserver, postgres, sqlite, none"];
        }

        if (string.IsNullOrWhiteSpace(echo.ConnectionString))
        {
            return provider != LegacyProvider.Sqlite ? [$"{at}:ConnectionString: is required for the {echo.Provider} echo filter"] : [];
        }

        return ConnectionStringCheck.Problem(provider, echo.ConnectionString) is { } problem ? [$"{at}:ConnectionString: {problem}"] : [];
    }

    private static List<string> ValidateTombstones(TombstoneOptions tombstones, string at)
    {
        var errors = new List<string>();
        if (tombstones.Retention <= TimeSpan.Zero)
        {
            errors.Add($"{at}:Retention: must be positive, was '{tombstones.Retention}'");
        }

        if (tombstones.PruneInterval <= TimeSpan.Zero)
        {
            errors.Add($"{at}:PruneInterval: must be positive, was '{tombstones.PruneInterval}'");
        }

        if (tombstones.PruneBatchSize is < 1 or > 100_000)
        {
            errors.Add($"{at}:PruneBatchSize: must be between 1 and 100000, was {tombstones.PruneBatchSize}");
        }

        return errors;
    }
}
