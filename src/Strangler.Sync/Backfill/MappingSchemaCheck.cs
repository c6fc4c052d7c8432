using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile.Reading;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Checks the declared backfill mappings against the legacy schema: every table a mapping writes, its key column and
/// the columns it sets. A mapping naming one the schema lacks failed every event on its own, each with the engine's raw
/// error after a batch split (PostgreSQL's "column ... does not exist", SQLite's "no such column"), and none of them
/// said which setting was at fault. The worker runs it as it starts, to warn (<see cref="MappingSchemaStartCheck"/>),
/// and again when the first batch arrives, to dead-letter the mapping's events: the worker must start (and serve its
/// status) while the legacy database is down, and the batch is retried until it is reachable, as a write would be. A
/// schema that did not match is read again after <see cref="RecheckAfter"/>, so that a migration adding the column lets
/// the mapping's events through without a restart.
/// </summary>
internal sealed class MappingSchemaCheck(
    ILegacyRowReader reader, IReadOnlyDictionary<string, EventMappingOptions> declared, LegacyProvider provider, TimeProvider time)
{
    /// <summary>How long a failed check is trusted before the schema is read again.</summary>
    internal static readonly TimeSpan RecheckAfter = TimeSpan.FromMinutes(1);

    private IReadOnlyDictionary<string, string>? _problems;
    private long _checkedAt;

    /// <summary>
    /// By event type, what its mapping names that the legacy schema lacks (each problem naming its setting); empty when
    /// every mapping matches. A database error propagates: the caller retries the batch.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ProblemsAsync(CancellationToken cancellationToken)
    {
        if (_problems is { } known && (known.Count == 0 || time.GetElapsedTime(_checkedAt) < RecheckAfter))
        {
            return known;
        }

        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = reader.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var tables = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
        foreach (var (eventType, mapping) in declared)
        {
            if (!tables.TryGetValue(mapping.Table, out var columns))
            {
                tables[mapping.Table] = columns = await reader.ColumnsAsync(connection, mapping.Table, cancellationToken);
            }

            var at = $"{BackfillOptions.SectionName}:Mappings:{eventType}";
            var found = columns is null
                ? [await MissingTableAsync(connection, $"{at}:Table", mapping.Table, cancellationToken)]
                : MissingColumns(at, mapping, columns);
            if (found.Count > 0)
            {
                problems[eventType] = string.Join("; ", found);
            }
        }

        _problems = problems;
        _checkedAt = time.GetTimestamp();
        return problems;
    }

    private async Task<string> MissingTableAsync(System.Data.Common.DbConnection connection, string setting, string table, CancellationToken cancellationToken)
    {
        var hint = await reader.TableNamedAlikeAsync(connection, table, cancellationToken) is { } meant
            ? $"; did you mean '{meant}'? Table names match exactly, case included"
            : string.Empty;
        return $"{setting}: table '{table}' does not exist{hint}";
    }

    private List<string> MissingColumns(string at, EventMappingOptions mapping, IReadOnlyList<string> columns)
    {
        var named = new List<(string Setting, string Column)> { ($"{at}:KeyColumn", mapping.KeyColumn) };
        if (DeclaredEventMapping.Operation(mapping.Operation) != WriteOperation.Delete)
        {
            named.AddRange(mapping.Columns.Keys.Select(c => ($"{at}:Columns:{c}", c)));
        }

        var problems = new List<string>();
        foreach (var (setting, column) in named)
        {
            // PostgreSQL's quoted names match exactly; SQLite matches column names whatever their case, and so does
            // SQL Server under its usual case-insensitive collation, where 'Name' writes the column 'name'.
            if (provider != LegacyProvider.Postgres && columns.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (UnknownColumn.Describe(setting, column, mapping.Table, columns) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }
}
