using Strangler.Sync.Capture;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Projection;

/// <summary>Debezium SQL Server-format messages for the customers tables, as the capture writes them.</summary>
internal static class CaptureMessages
{
    public static (string Key, string Value) Customer(ChangeOperation op, long id, string name, long sequence)
    {
        var row = new Dictionary<string, object?> { ["Id"] = id, ["Name"] = name, ["CreditLimit"] = "1.00" };
        var key = System.Text.Encoding.UTF8.GetString(DebeziumMessageWriter.Key(new Dictionary<string, object?> { ["Id"] = id }));
        var value = DebeziumMessageWriter.Value("legacy", "legacy", "dbo", "Customers", op,
            op == ChangeOperation.Create ? null : row, op == ChangeOperation.Delete ? null : row, sequence, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        return (key, System.Text.Encoding.UTF8.GetString(value));
    }
}
