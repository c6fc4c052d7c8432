using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Dapper;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;

namespace Strangler.Cli.Tests.Campaigns;

/// <summary>
/// Direction 2: the Customers service's domain events written back into a legacy PostgreSQL table by the backfill.
/// A trigger logs every row write with its version, so a write applied twice is seen by the database itself.
/// </summary>
internal sealed class DomainEventsIntoPostgres : ICampaignTarget, IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly string _server;
    private readonly string _schema = "crash_" + Guid.NewGuid().ToString("N");
    private readonly string _directory;

    private DomainEventsIntoPostgres(string server, string directory)
    {
        _server = server;
        _directory = directory;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema }.ConnectionString;
    }

    public string ConnectionString { get; }

    public string Topic => "customers.events";

    public string GroupId => "crash.customers-backfill";

    public static async Task<DomainEventsIntoPostgres> CreateAsync(string directory)
    {
        var server = PostgresGate.ConnectionString("the backfill direction needs it");
        var target = new DomainEventsIntoPostgres(server, directory);
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.ExecuteAsync($"CREATE SCHEMA {target._schema}");
        }

        await new MigrationRunner(SqlDialects.For(LegacyProvider.Postgres), TimeProvider.System)
            .ApplyAsync(target.ConnectionString, MigrationSource.Embedded(LegacyProvider.Postgres));
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.ExecuteAsync("""
            CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, version bigint NOT NULL);
            CREATE TABLE row_writes (id bigint NOT NULL, version bigint NOT NULL);
            CREATE FUNCTION log_row_write() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO row_writes VALUES (NEW.id, NEW.version);
              RETURN NEW;
            END $$;
            CREATE TRIGGER customers_written AFTER INSERT OR UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION log_row_write();
            """);
        return target;
    }

    public string[] WorkerArguments(string bootstrap) =>
    [
        $"--Strangler:Sync:BootstrapServers={bootstrap}",
        // No projection runs; the embedded store is opened all the same, so it goes to the test's directory.
        $"--Strangler:Sync:Store:LiteDbPath={Path.Combine(_directory, "unused.db")}",
        "--Strangler:Sync:Backfill:Provider=postgres",
        $"--Strangler:Sync:Backfill:ConnectionString={ConnectionString}",
        "--Strangler:Sync:Backfill:Pipeline=customers-backfill",
        $"--Strangler:Sync:Backfill:Consumer:GroupId={GroupId}",
        "--Strangler:Sync:Backfill:Consumer:Subdomain=customers",
        $"--Strangler:Sync:Backfill:Consumer:Topics:0={Topic}",
        "--Strangler:Sync:Backfill:Mappings:CustomerUpdated:Table=customers",
        "--Strangler:Sync:Backfill:Mappings:CustomerUpdated:KeyColumn=id",
        "--Strangler:Sync:Backfill:Mappings:CustomerUpdated:Columns:name=name",
        "--Strangler:Sync:Backfill:Mappings:CustomerUpdated:Columns:version=version",
    ];

    public Message<byte[], byte[]> Event(long key, int version, long sequence)
    {
        var subject = key.ToString(CultureInfo.InvariantCulture);
        return new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(subject),
            Value = JsonSerializer.SerializeToUtf8Bytes(new
            {
                specversion = "1.0", id = Guid.NewGuid().ToString(), type = "CustomerUpdated", source = "/customers", subject,
                time = T0.AddMilliseconds(sequence), data = new { id = key, name = ICampaignTarget.NameOf(key, version), version },
            }),
        };
    }

    public async Task<IReadOnlyDictionary<long, (int Version, string Name)>> ReadAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var rows = await connection.QueryAsync<(long Id, long Version, string Name)>("SELECT id, version, name FROM customers");
        return rows.ToDictionary(r => r.Id, r => ((int)r.Version, r.Name));
    }

    public async Task<IReadOnlyList<string>> AppliedTwiceAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var twice = await connection.QueryAsync<(long Id, long Version, long Writes)>(
            "SELECT id, version, count(*) FROM row_writes GROUP BY id, version HAVING count(*) > 1 ORDER BY id, version LIMIT 20");
        return [.. twice.Select(t => $"row {t.Id} v{t.Version} written {t.Writes} times")];
    }

    public async ValueTask DisposeAsync()
    {
        await using var admin = new NpgsqlConnection(_server);
        await admin.ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
    }
}
