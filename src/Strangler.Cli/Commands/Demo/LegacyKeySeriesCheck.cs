using Microsoft.Data.Sqlite;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// Refuses a legacy database from an older demo whose key columns lack AUTOINCREMENT: there the monolith would reuse
/// keys the new service reserved, so the demo says which file to delete instead of failing on the first create.
/// </summary>
internal static class LegacyKeySeriesCheck
{
    public static async Task EnsureAsync(string connectionString, string databasePath, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('Customers', 'Addresses') AND sql NOT LIKE '%AUTOINCREMENT%'";
        var plain = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                plain.Add(reader.GetString(0));
            }
        }

        if (plain.Count > 0)
        {
            throw new DemoException(
                $"The legacy database {databasePath} comes from an older demo: table(s) {string.Join(", ", plain)} have no " +
                "AUTOINCREMENT key, so the monolith could reuse keys the new service reserved. Delete the demo's work " +
                "directory (or that file) and start again.");
        }
    }
}
