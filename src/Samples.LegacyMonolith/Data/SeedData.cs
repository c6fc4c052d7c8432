using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Samples.LegacyMonolith.Data;

/// <summary>A few customers with addresses and orders, so the demo has something to route on first start.</summary>
internal static class SeedData
{
    private static readonly (string Name, string Email, string Street, string City)[] Customers =
    [
        ("Ada Lovelace", "ada@example.com", "12 St James's Square", "London"),
        ("Grace Hopper", "grace@example.com", "1 Navy Yard", "Arlington"),
        ("Alan Turing", "alan@example.com", "Bletchley Park", "Milton Keynes"),
        ("Edsger Dijkstra", "edsger@example.com", "Plataanstraat 5", "Nuenen"),
        ("Barbara Liskov", "barbara@example.com", "32 Vassar Street", "Cambridge"),
    ];

    public static async Task InsertWhenEmptyAsync(SqliteConnection connection, DateTimeOffset now)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var count = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Customers", transaction: transaction);
        if (count > 0)
        {
            return;
        }

        var stamp = now.ToString("O", CultureInfo.InvariantCulture);
        for (var i = 0; i < Customers.Length; i++)
        {
            var (name, email, street, city) = Customers[i];
            var id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO Customers (Name, Email, CreatedAt) VALUES (@name, @email, @stamp) RETURNING Id",
                new { name, email, stamp }, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO Addresses (CustomerId, Street, City, Kind) VALUES (@id, @street, @city, 'home')",
                new { id, street, city }, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO Orders (CustomerId, Total, PlacedAt) VALUES (@id, @total, @stamp)",
                new { id, total = 10.5m * (i + 1), stamp }, transaction);
        }

        await transaction.CommitAsync();
    }
}
