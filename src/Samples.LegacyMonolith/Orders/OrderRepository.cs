using System.Globalization;
using Dapper;
using Samples.LegacyMonolith.Data;

namespace Samples.LegacyMonolith.Orders;

/// <summary>
/// Reads and writes the <c>Orders</c> table. Orders join the <c>Customers</c> table for the customer's name: this is
/// the cross-sub-domain read that keeps the legacy tables in use after customers move to their new service.
/// </summary>
internal sealed class OrderRepository(LegacyDatabase database, TimeProvider time)
{
    // The CAST keeps every row's Total one type: SQLite hands whole numbers back as INTEGER, which Dapper's
    // per-query reader (built from the first row) would fail to read.
    private const string Select = """
        SELECT o.Id, o.CustomerId, c.Name AS CustomerName, CAST(o.Total AS REAL) AS Total, o.PlacedAt
        FROM Orders o LEFT JOIN Customers c ON c.Id = o.CustomerId
        """;

    public async Task<IReadOnlyList<Order>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OrderRow>(Select + " ORDER BY o.Id");
        return rows.Select(r => r.ToOrder()).ToList();
    }

    public async Task<Order?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OrderRow>(Select + " WHERE o.Id = @id", new { id });
        return row?.ToOrder();
    }

    /// <summary>Places an order; returns null when the customer does not exist.</summary>
    public async Task<Order?> CreateAsync(long customerId, decimal total, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var placedAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        // One statement, so the existence check and the insert cannot be split by a concurrent delete.
        var id = await connection.ExecuteScalarAsync<long?>(
            """
            INSERT INTO Orders (CustomerId, Total, PlacedAt)
            SELECT Id, @total, @placedAt FROM Customers WHERE Id = @customerId
            RETURNING Id
            """,
            new { customerId, total, placedAt });
        if (id is null)
        {
            return null;
        }

        var row = await connection.QuerySingleAsync<OrderRow>(Select + " WHERE o.Id = @id", new { id });
        return row.ToOrder();
    }

    private sealed class OrderRow
    {
        public long Id { get; set; }
        public long CustomerId { get; set; }
        public string? CustomerName { get; set; }
        public decimal Total { get; set; }
        public string PlacedAt { get; set; } = "";

        public Order ToOrder() =>
            new(Id, CustomerId, CustomerName, Total, DateTimeOffset.Parse(PlacedAt, CultureInfo.InvariantCulture));
    }
}
