using System.Data.Common;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// The number of rows of a legacy table counted once at the start of a job, so its progress can show the time left.
/// It is an estimate (rows come and go while the job runs), and a job goes on without one when the count fails.
/// </summary>
internal static class KeyCount
{
    public static async Task<long?> EstimateAsync(DbConnection connection, string provider, string table, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {LegacyTable.Quote(SqlDialects.For(SqlDialects.ParseProvider(provider)), table)}";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            return null;
        }
    }
}
