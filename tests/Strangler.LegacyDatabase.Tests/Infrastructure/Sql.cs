using Dapper;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.LegacyDatabase.Tests.Infrastructure;

/// <summary>Small helpers to run setup statements and queries in tests.</summary>
public static class Sql
{
    public static async Task ExecAsync(ISqlDialect dialect, string connectionString, string sql, object? args = null)
    {
        await using var connection = dialect.CreateConnection(connectionString);
        await connection.ExecuteAsync(sql, args);
    }

    public static async Task<List<T>> QueryAsync<T>(ISqlDialect dialect, string connectionString, string sql, object? args = null)
    {
        await using var connection = dialect.CreateConnection(connectionString);
        return (await connection.QueryAsync<T>(sql, args)).ToList();
    }

    /// <summary>Writes <paramref name="writes"/> in one transaction, as the backfill does.</summary>
    public static async Task WriteAsync(ISqlDialect dialect, string connectionString, params RowWrite[] writes)
    {
        await using var connection = dialect.CreateConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var group in WritePlanner.Plan(writes))
        {
            await dialect.WriteAsync(connection, transaction, group, CancellationToken.None);
        }
        await transaction.CommitAsync();
    }
}
