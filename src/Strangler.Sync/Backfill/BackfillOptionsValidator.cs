using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.Sync.Backfill;

/// <summary>Checks backfill settings, reporting every problem at once with the key that has it.</summary>
internal static class BackfillOptionsValidator
{
    private static readonly string[] Operations = ["upsert", "update", "delete"];

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
            if (!Operations.Any(o => mapping.Operation.Equals(o, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{at}:Operation must be upsert, update or delete (was '{mapping.Operation}').");
            }
            else if (mapping.Operation.Equals("update", StringComparison.OrdinalIgnoreCase) &&
                     !mapping.Columns.Keys.Any(c => !string.Equals(c, mapping.KeyColumn, StringComparison.Ordinal)))
            {
                // An update writes only its columns: with none, every event would be dead-lettered at the first write.
                errors.Add($"{at}:Columns must name at least one column besides the key: an update mapping writes only its columns.");
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
