using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Projection;

/// <summary>Decoded changes for the customers tables, positioned by a sequence number.</summary>
internal static class Changes
{
    public static SourcePosition At(long sequence) => SourcePosition.SqlServer(Lsn(sequence), Lsn(sequence), 1);

    private static string Lsn(long n) => $"00000000:{n:x8}:0001";

    public static ChangeEvent Customer(ChangeOperation op, long id, string? name, long sequence, string? creditLimit = "10.50") => new()
    {
        Table = "dbo.Customers",
        Op = op,
        Key = new Dictionary<string, object?> { ["Id"] = id },
        Before = op == ChangeOperation.Delete ? new Dictionary<string, object?> { ["Id"] = id, ["Name"] = name } : null,
        After = op == ChangeOperation.Delete ? null : new Dictionary<string, object?> { ["Id"] = id, ["Name"] = name, ["CreditLimit"] = creditLimit },
        Position = At(sequence),
    };

    public static ChangeEvent Address(ChangeOperation op, long id, long customerId, string city, long sequence, long? previousCustomerId = null) => new()
    {
        Table = "dbo.Addresses",
        Op = op,
        Key = new Dictionary<string, object?> { ["Id"] = id },
        Before = op == ChangeOperation.Delete || previousCustomerId is not null
            ? new Dictionary<string, object?> { ["Id"] = id, ["CustomerId"] = previousCustomerId ?? customerId, ["City"] = city }
            : null,
        After = op == ChangeOperation.Delete ? null : new Dictionary<string, object?> { ["Id"] = id, ["CustomerId"] = customerId, ["City"] = city },
        Position = At(sequence),
    };

    public static ChangeEvent Truncate(string table, long sequence) => new() { Table = table, Op = ChangeOperation.Truncate, Position = At(sequence) };
}
