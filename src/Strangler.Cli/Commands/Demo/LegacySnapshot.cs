using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// Queues every current Customers and Addresses row in the capture's change table, as Debezium's snapshot would,
/// so the projection fills the new service's store with what the monolith holds before the first live change.
/// Runs before the capture installs its triggers; replaying it on a later start only re-applies the same rows.
/// </summary>
internal static class LegacySnapshot
{
    private const string Sql = """
        INSERT INTO strangler_capture_changes (table_name, op, key_json, before_json, after_json)
        SELECT 'Customers', 'c', json_object('Id', Id), NULL,
               json_object('Id', Id, 'Name', Name, 'Email', Email, 'CreatedAt', CreatedAt)
        FROM Customers ORDER BY Id;
        INSERT INTO strangler_capture_changes (table_name, op, key_json, before_json, after_json)
        SELECT 'Addresses', 'c', json_object('Id', Id), NULL,
               json_object('Id', Id, 'CustomerId', CustomerId, 'Street', Street, 'City', City, 'Kind', Kind)
        FROM Addresses ORDER BY Id;
        """;

    /// <summary>Queues the rows; returns how many customers and addresses were queued.</summary>
    public static async Task<SnapshotCounts> QueueAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "SELECT COUNT(*) FROM Customers";
        var customers = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        command.CommandText = "SELECT COUNT(*) FROM Addresses";
        var addresses = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken);
        return new SnapshotCounts(customers, addresses);
    }
}
