using Microsoft.Extensions.Options;
using Strangler.Legacy.Dialects;
using Strangler.Sync.Consuming;
using Strangler.Sync.Echo;

namespace Strangler.Sync.Hosting;

/// <summary>Checks <see cref="SyncOptions"/>, reporting every problem at once, each naming its configuration key.</summary>
internal sealed class SyncOptionsValidator : IValidateOptions<SyncOptions>
{
    public ValidateOptionsResult Validate(string? name, SyncOptions options)
    {
        var errors = new List<string>();
        const string at = SyncOptions.Section;
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

        errors.AddRange(ConsumerGroupOptionsValidator.Validate(options.Group, $"{at}:Group"));
        switch (options.Store.Kind)
        {
            case "litedb" when string.IsNullOrWhiteSpace(options.Store.LiteDbPath):
                errors.Add($"{at}:Store:LiteDbPath: is required for the litedb store");
                break;
            case "mongodb":
                if (string.IsNullOrWhiteSpace(options.Store.MongoConnectionString))
                {
                    errors.Add($"{at}:Store:MongoConnectionString: is required for the mongodb store");
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

            if (options.Capture.Tables.Count == 0)
            {
                errors.Add($"{at}:Capture:Tables: list at least one table to capture");
            }
        }

        errors.AddRange(ValidateEcho(options.Echo, $"{at}:Echo"));
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

        LegacyProvider provider;
        try
        {
            provider = SqlDialects.ParseProvider(echo.Provider);
        }
        catch (ArgumentException)
        {
            return [$"{at}:Provider: '{echo.Provider}' is not one of sqlserver, postgres, sqlite"];
        }

        return provider != LegacyProvider.Sqlite && string.IsNullOrWhiteSpace(echo.ConnectionString)
            ? [$"{at}:ConnectionString: is required for the {echo.Provider} echo filter"]
            : [];
    }
}
