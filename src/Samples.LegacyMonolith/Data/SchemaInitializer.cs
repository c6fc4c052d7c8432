using Dapper;
using Microsoft.Extensions.Options;

namespace Samples.LegacyMonolith.Data;

/// <summary>Creates the monolith's tables on start and seeds an empty database, before the server takes requests.</summary>
internal sealed class SchemaInitializer(
    LegacyDatabase database, IOptions<LegacyMonolithOptions> options, TimeProvider time) : IHostedService
{
    // AUTOINCREMENT on the keys a new service also creates: Strangler's LegacyKeyAllocator reserves blocks by
    // advancing sqlite_sequence, which plain INTEGER PRIMARY KEY tables ignore.
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS Customers (
            Id INTEGER PRIMARY KEY AUTOINCREMENT,
            Name TEXT NOT NULL,
            Email TEXT NOT NULL,
            CreatedAt TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS Addresses (
            Id INTEGER PRIMARY KEY AUTOINCREMENT,
            CustomerId INTEGER NOT NULL REFERENCES Customers(Id) ON DELETE CASCADE,
            Street TEXT NOT NULL,
            City TEXT NOT NULL,
            Kind TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS IX_Addresses_CustomerId ON Addresses(CustomerId);
        CREATE TABLE IF NOT EXISTS Orders (
            Id INTEGER PRIMARY KEY,
            CustomerId INTEGER NOT NULL,
            Total REAL NOT NULL,
            PlacedAt TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS IX_Orders_CustomerId ON Orders(CustomerId);
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Value.DatabasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Schema);
        if (options.Value.Seed)
        {
            await SeedData.InsertWhenEmptyAsync(connection, time.GetUtcNow());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
