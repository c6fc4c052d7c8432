using System.Globalization;
using System.Text.Json;
using Dapper;
using LiteDB;
using Npgsql;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Reconcile;

/// <summary>
/// What a <c>strangler load</c> or <c>strangler reconcile</c> of one projection works on: a legacy table <c>crm</c> in
/// a PostgreSQL schema of its own, an embedded store in a temporary folder, and the settings that name them.
/// </summary>
internal sealed class CrmJob : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _schema = "jobstop_" + Guid.NewGuid().ToString("N");

    private CrmJob(string server)
    {
        _server = server;
        // Named after the schema, so the job's sessions can be told apart from other tests' in pg_stat_activity.
        Legacy = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema, ApplicationName = _schema }.ConnectionString;
    }

    public TempDirectory Directory { get; } = new();

    public string Legacy { get; }

    public string StorePath => Directory.Combine("store.db");

    /// <summary>A schema whose <c>crm</c> table holds <paramref name="ids"/>, each named after itself.</summary>
    public static async Task<CrmJob> CreateAsync(IEnumerable<long> ids)
    {
        var job = new CrmJob(PostgresGate.ConnectionString("the legacy side of load and reconcile"));
        await using var connection = new NpgsqlConnection(job._server);
        await connection.ExecuteAsync($"CREATE SCHEMA {job._schema}; CREATE TABLE {job._schema}.crm (id bigint PRIMARY KEY, name text NOT NULL)");
        await connection.ExecuteAsync($"INSERT INTO {job._schema}.crm SELECT id, 'name ' || id FROM unnest(@ids) AS id", new { ids = ids.ToArray() });
        return job;
    }

    /// <summary>The job's command line: <paramref name="command"/>, its report, then the settings.</summary>
    public string[] Arguments(string command, string report, params string[] more) =>
    [
        command, "crm", "--report", report,
        $"--Strangler:Sync:Store:LiteDbPath={StorePath}",
        "--Strangler:Sync:Projections:0:Name=crm", "--Strangler:Sync:Projections:0:Collection=crm",
        "--Strangler:Sync:Projections:0:Root:Table=crm", "--Strangler:Sync:Projections:0:Root:Topic=legacy.public.crm",
        "--Strangler:Sync:Reconcile:Provider=postgres", $"--Strangler:Sync:Reconcile:ConnectionString={Legacy}",
        .. more,
    ];

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Legacy);
        await connection.ExecuteAsync(sql);
    }

    /// <summary>
    /// A transaction with an id, left open: a job's log position waits for it to end (<c>PositionWait</c>), so a job
    /// stays before its first batch while the connection is open.
    /// </summary>
    public async Task<NpgsqlConnection> HoldTransactionAsync()
    {
        var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await connection.ExecuteAsync("BEGIN; SELECT pg_current_xact_id()");
        return connection;
    }

    /// <summary>Whether one of the job's sessions is waiting for the transactions before its log position to end.</summary>
    public async Task<bool> WaitingForPositionAsync()
    {
        await using var connection = new NpgsqlConnection(_server);
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = @name AND query LIKE '%NOT EXISTS (SELECT 1 FROM pg_locks%')",
            new { name = _schema });
    }

    /// <summary>How many keys the checkpoint beside <paramref name="report"/> says are done; null while there is none.</summary>
    public static long? KeysDone(string report)
    {
        try
        {
            // Saved by writing a new file and renaming it: a read sees one whole version or the other.
            using var checkpoint = JsonDocument.Parse(File.ReadAllText(report + ".checkpoint"));
            return checkpoint.RootElement.GetProperty("KeysDone").GetInt64();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The ids of the store's <c>crm</c> documents, as many times as each is there.</summary>
    public List<long> StoredIds()
    {
        using var store = new LiteDatabase(new ConnectionString { Filename = StorePath, Connection = ConnectionType.Shared });
        return [.. store.GetCollection("crm").FindAll().Select(d => d["_id"].AsInt64)];
    }

    /// <summary>The finding ids of a report, in the order written.</summary>
    public static List<string> FindingIds(string report) =>
        [.. File.ReadAllLines(report).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!)];

    /// <summary>What a process wrote to its log so far (it may still be writing).</summary>
    public static string ReadLog(string path)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(_server))
        {
            await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }

        Directory.Dispose();
    }
}
