using Strangler.Sync.Backfill;
using Strangler.Sync.Capture;
using Strangler.Sync.Echo;
using Strangler.Sync.Hosting;
using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Hosting;

/// <summary>
/// Every connection string of the worker's settings is read at start the way its driver will read it, and one the
/// driver refuses stops the start naming its key, quoting none of it: the drivers' own messages quote the part after a
/// password's unquoted ';' ("Couldn't set s3cret", "Keyword not supported: 's3cret'"), the MongoDB driver's the whole string.
/// </summary>
public sealed class ConnectionStringSettingsTests
{
    private const string Secret = "s3cret";

    [Fact]
    public void Sync_settings_name_each_unreadable_connection_string()
    {
        var result = new SyncOptionsValidator().Validate(null, new SyncOptions
        {
            UseMockCluster = true,
            Store = new StoreOptions { Kind = "mongodb", MongoConnectionString = $"mongodb://app:ab/{Secret}@db", MongoDatabase = "app" },
            Capture = new CaptureOptions { Enabled = true, ConnectionString = $"Data Source=legacy.db;Password=ab;{Secret}=x", Tables = ["dbo.Customers"] },
            Echo = new EchoOptions { Provider = "sqlserver", ConnectionString = $"Server=db;Password=ab;{Secret}" },
        });

        var errors = result.Failures!.ToList();
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("Strangler:Sync:Store:MongoConnectionString: is not a connection string the MongoDB driver can read", errors[0]);
        Assert.StartsWith("Strangler:Sync:Capture:ConnectionString: is not one the SQLite (Microsoft.Data.Sqlite) driver can read", errors[1]);
        Assert.StartsWith("Strangler:Sync:Echo:ConnectionString: is not one the SQL Server (Microsoft.Data.SqlClient) driver can read", errors[2]);
        Assert.All(errors, e => Assert.DoesNotContain(Secret, e));
    }

    [Fact]
    public void Backfill_and_reconcile_settings_name_an_unreadable_connection_string()
    {
        var backfill = BackfillOptionsValidator.Validate(new BackfillOptions { Provider = "postgres", ConnectionString = $"Host=db;Password=ab;{Secret}=x" });
        var reconcile = ReconcileOptionsValidator.Errors(
            new ReconcileOptions { Provider = "postgres", ConnectionString = $"Host=db;Password=ab;{Secret}=x" }, requireDatabase: true);

        Assert.StartsWith("Strangler:Sync:Backfill:ConnectionString is not one the PostgreSQL (Npgsql) driver can read", Assert.Single(backfill));
        Assert.StartsWith("Strangler:Sync:Reconcile:ConnectionString: is not one the PostgreSQL (Npgsql) driver can read", Assert.Single(reconcile));
        Assert.DoesNotContain(Secret, backfill[0] + reconcile[0]);
    }

    [Fact]
    public void A_quoted_password_is_read()
    {
        var result = new SyncOptionsValidator().Validate(null, new SyncOptions
        {
            UseMockCluster = true,
            Echo = new EchoOptions { Provider = "postgres", ConnectionString = $"Host=db;Password=\"ab;{Secret}=x\"" },
        });

        Assert.True(result.Succeeded, string.Join("; ", result.Failures ?? []));
    }
}
