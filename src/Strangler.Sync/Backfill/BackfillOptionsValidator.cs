using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.Sync.Backfill;

/// <summary>Checks backfill settings, reporting every problem at once with the key that has it.</summary>
internal static class BackfillOptionsValidator
{
    /// <summary>All problems found; empty when the settings are usable.</summary>
    public static IReadOnlyList<string> Validate(BackfillOptions options, string section = BackfillOptions.SectionName)
    {
        var errors = new List<string>();
        LegacyProvider? provider = null;
        try
        {
            provider = SqlDialects.ParseProvider(options.Provider);
        }
        catch (ArgumentException)
        {
            errors.Add($"{section}:Provider must be sqlserver, postgres or sqlite (was '{options.Provider}').");
        }
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{section}:ConnectionString is required.");
        }
        else if (provider is { } known && ConnectionStringCheck.Problem(known, options.ConnectionString) is { } problem)
        {
            errors.Add($"{section}:ConnectionString {problem}.");
        }
        if (options.Unmapped is not ("deadletter" or "skip"))
        {
            errors.Add($"{section}:Unmapped must be deadletter or skip (was '{options.Unmapped}').");
        }
        foreach (var (name, value) in new[]
        {
            (nameof(options.AppliedEventRetention), options.AppliedEventRetention),
            (nameof(options.SyncOriginRetention), options.SyncOriginRetention),
            (nameof(options.PruneInterval), options.PruneInterval),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{section}:{name} must be positive (was '{value}').");
            }
        }
        if (options.PruneBatchSize is < 1 or > 100_000)
        {
            errors.Add($"{section}:PruneBatchSize must be from 1 to 100000 (was {options.PruneBatchSize}).");
        }
        foreach (var (type, mapping) in options.Mappings)
        {
            var at = $"{section}:Mappings:{type}";
            Check(errors, $"{at}:Table", () => SqlIdentifier.SplitQualified(mapping.Table));
            Check(errors, $"{at}:KeyColumn", () => SqlIdentifier.Check(mapping.KeyColumn));
            if (!mapping.Operation.Equals("upsert", StringComparison.OrdinalIgnoreCase) &&
                !mapping.Operation.Equals("delete", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{at}:Operation must be upsert or delete (was '{mapping.Operation}').");
            }
            foreach (var (column, path) in mapping.Columns)
            {
                Check(errors, $"{at}:Columns:{column}", () => SqlIdentifier.Check(column));
                if (string.IsNullOrWhiteSpace(path))
                {
                    errors.Add($"{at}:Columns:{column} needs a data field path.");
                }
            }
        }
        return errors;
    }

    private static void Check(List<string> errors, string key, Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{key}: {ex.Message.Split(" (Parameter")[0]}");
        }
    }
}
