using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Strangler.Sync.Backfill;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>Domain events of the sample Customers service, as JSON and as consumed Kafka messages.</summary>
internal static class Events
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly BackfillOptions Options = new()
    {
        Pipeline = "customers-backfill",
        Mappings = new Dictionary<string, EventMappingOptions>
        {
            ["CustomerRegistered"] = new() { Table = "customers", KeyColumn = "id", Columns = new Dictionary<string, string> { ["name"] = "name", ["city"] = "address.city" } },
            ["CustomerRenamed"] = new() { Table = "customers", KeyColumn = "id", Columns = new Dictionary<string, string> { ["name"] = "name" } },
            ["CustomerDeleted"] = new() { Table = "customers", KeyColumn = "id", Operation = "delete" },
            ["OrderPlaced"] = new() { Table = "orders_that_do_not_exist", KeyColumn = "id", Columns = new Dictionary<string, string> { ["total"] = "total" } },
        },
    };

    public static string Registered(long id, string? name, string city = "Oslo", int second = 0, string? eventId = null) => Json(
        eventId ?? Guid.NewGuid().ToString(), "CustomerRegistered", id, second, new { name, address = new { city } });

    public static string Renamed(long id, string name, int second, string? eventId = null) => Json(
        eventId ?? Guid.NewGuid().ToString(), "CustomerRenamed", id, second, new { name });

    public static string Deleted(long id, int second) => Json(Guid.NewGuid().ToString(), "CustomerDeleted", id, second, new { });

    public static string Json(string id, string type, long subject, int second, object data) => JsonSerializer.Serialize(new
    {
        specversion = "1.0", id, type, source = "/customers", subject = subject.ToString(System.Globalization.CultureInfo.InvariantCulture),
        time = T0.AddSeconds(second), data,
    });

    /// <summary>Messages as the consumer hands them over: one partition, consecutive offsets.</summary>
    public static List<ConsumeResult<byte[]?, byte[]?>> Batch(params string[] values) => values.Select((value, i) => new ConsumeResult<byte[]?, byte[]?>
    {
        TopicPartitionOffset = new TopicPartitionOffset("customers.events", 0, i),
        Message = new Message<byte[]?, byte[]?> { Key = null, Value = Encoding.UTF8.GetBytes(value), Headers = [] },
    }).ToList();
}
