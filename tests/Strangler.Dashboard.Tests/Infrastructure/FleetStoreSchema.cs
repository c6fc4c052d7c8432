using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;

namespace Strangler.Dashboard.Tests.Infrastructure;

/// <summary>
/// A fleet route store of its own for one test: a new schema on the PostgreSQL server of STRANGLER_TEST_POSTGRES
/// with `strangler migrate`'s scripts applied (as the gateway tests' FleetDatabase does), dropped on dispose.
/// </summary>
public sealed class FleetStoreSchema : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _schema = "dash_fleet_" + Guid.NewGuid().ToString("N");

    private FleetStoreSchema(string server) => _server = server;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;

    public static async Task<FleetStoreSchema> CreateAsync()
    {
        var store = new FleetStoreSchema(PostgresGate.ConnectionString("the fleet route store"));
        await store.ExecuteAsync($"CREATE SCHEMA {store._schema}");
        await new MigrationRunner(SqlDialects.For(LegacyProvider.Postgres), TimeProvider.System)
            .ApplyAsync(store.ConnectionString, MigrationSource.Embedded(LegacyProvider.Postgres));
        return store;
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");

    /// <summary>
    /// The settings of a gateway in the fleet on this store under <paramref name="replicaId"/>, heartbeating every
    /// <paramref name="heartbeat"/> (hh:mm:ss), its cache file and dashboard keys in <paramref name="folder"/>.
    /// </summary>
    public Dictionary<string, string?> GatewaySettings(string replicaId, string folder, string heartbeat) => new()
    {
        ["Strangler:Gateway:Fleet:Store"] = "postgres",
        ["Strangler:Gateway:Fleet:ConnectionString"] = ConnectionString,
        ["Strangler:Gateway:Fleet:ReplicaId"] = replicaId,
        ["Strangler:Gateway:Fleet:HeartbeatInterval"] = heartbeat,
        ["Strangler:Gateway:Fleet:CacheFile"] = Path.Combine(folder, "cache.json"),
        ["Strangler:Dashboard:KeysDirectory"] = Path.Combine(folder, "keys"),
    };

    /// <summary>Runs <paramref name="sql"/> in the store's schema (rows a test puts there as replicas would).</summary>
    public async Task ExecuteInStoreAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
