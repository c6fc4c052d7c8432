using System.Globalization;
using Confluent.Kafka;
using LiteDB;
using Strangler.Sync.Capture;
using Strangler.Sync.Debezium;

namespace Strangler.Cli.Tests.Campaigns;

/// <summary>Direction 1: Debezium change events of dbo.Customers projected into the embedded LiteDB store.</summary>
internal sealed class CdcIntoLiteDb(string directory) : ICampaignTarget
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly string _store = Path.Combine(directory, "customers.db");

    public string Topic => "legacy.dbo.Customers";

    public string GroupId => "crash.customers-projection";

    public string[] WorkerArguments(string bootstrap) =>
    [
        $"--Strangler:Sync:BootstrapServers={bootstrap}",
        "--Strangler:Sync:GroupIdPrefix=crash",
        $"--Strangler:Sync:Store:LiteDbPath={_store}",
        "--Strangler:Sync:Projections:0:Name=customers-projection",
        "--Strangler:Sync:Projections:0:Subdomain=customers",
        "--Strangler:Sync:Projections:0:Collection=customers",
        "--Strangler:Sync:Projections:0:Root:Table=dbo.Customers",
        $"--Strangler:Sync:Projections:0:Root:Topic={Topic}",
        "--Strangler:Sync:Projections:0:Root:Columns:Id:Ignore=true",
    ];

    public Message<byte[], byte[]> Event(long key, int version, long sequence) => new()
    {
        Key = DebeziumMessageWriter.Key(new Dictionary<string, object?> { ["Id"] = key }),
        Value = DebeziumMessageWriter.Value("legacy", "Legacy", "dbo", "Customers",
            version == 1 ? ChangeOperation.Create : ChangeOperation.Update, null,
            new Dictionary<string, object?> { ["Id"] = key, ["Name"] = ICampaignTarget.NameOf(key, version), ["Version"] = version },
            sequence, T0.AddMilliseconds(sequence), T0.AddMilliseconds(sequence)),
    };

    public Task<IReadOnlyDictionary<long, (int Version, string Name)>> ReadAsync()
    {
        var rows = new Dictionary<long, (int, string)>();
        if (!File.Exists(_store))
        {
            return Task.FromResult<IReadOnlyDictionary<long, (int, string)>>(rows);
        }

        // The worker is dead (SIGKILL): opening the file also replays LiteDB's log of what had committed.
        using var database = new LiteDatabase(new ConnectionString { Filename = _store, Connection = ConnectionType.Direct });
        foreach (var document in database.GetCollection("customers").FindAll())
        {
            rows[Convert.ToInt64(document["_id"].RawValue, CultureInfo.InvariantCulture)] =
                (Convert.ToInt32(document["Version"].RawValue, CultureInfo.InvariantCulture), document["Name"].AsString);
        }

        return Task.FromResult<IReadOnlyDictionary<long, (int, string)>>(rows);
    }

    // A document store keeps no write history; a stale write shows as a version going back, checked between kills.
    public Task<IReadOnlyList<string>> AppliedTwiceAsync() => Task.FromResult<IReadOnlyList<string>>([]);
}
