using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Samples.LegacyMonolith.Data;

namespace Samples.LegacyMonolith.Customers;

/// <summary>Reads and writes the <c>Customers</c> and <c>Addresses</c> tables with Dapper.</summary>
internal sealed class CustomerRepository(LegacyDatabase database, TimeProvider time)
{
    private const string SelectCustomers = "SELECT Id, Name, Email, CreatedAt FROM Customers";
    private const string SelectAddresses = "SELECT CustomerId, Street, City, Kind FROM Addresses";

    public async Task<IReadOnlyList<Customer>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CustomerRow>(SelectCustomers + " ORDER BY Id");
        var addresses = (await connection.QueryAsync<AddressRow>(SelectAddresses + " ORDER BY Id"))
            .ToLookup(a => a.CustomerId);
        return rows.Select(r => r.ToCustomer(addresses[r.Id])).ToList();
    }

    public async Task<Customer?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id);
    }

    public async Task<Customer> CreateAsync(CustomerInput input, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var createdAt = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO Customers (Name, Email, CreatedAt) VALUES (@Name, @Email, @createdAt) RETURNING Id",
            new { input.Name, input.Email, createdAt }, transaction);
        await InsertAddressesAsync(connection, transaction, id, input);
        var customer = await GetAsync(connection, transaction, id);
        await transaction.CommitAsync(cancellationToken);
        return customer!;
    }

    public async Task<Customer?> UpdateAsync(long id, CustomerInput input, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(
            "UPDATE Customers SET Name = @Name, Email = @Email WHERE Id = @id",
            new { input.Name, input.Email, id }, transaction);
        if (updated == 0)
        {
            return null;
        }

        await connection.ExecuteAsync("DELETE FROM Addresses WHERE CustomerId = @id", new { id }, transaction);
        await InsertAddressesAsync(connection, transaction, id, input);
        var customer = await GetAsync(connection, transaction, id);
        await transaction.CommitAsync(cancellationToken);
        return customer;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        // Addresses go first, explicitly, so change capture sees each child row's delete.
        await connection.ExecuteAsync("DELETE FROM Addresses WHERE CustomerId = @id", new { id }, transaction);
        var deleted = await connection.ExecuteAsync("DELETE FROM Customers WHERE Id = @id", new { id }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    private static async Task<Customer?> GetAsync(SqliteConnection connection, SqliteTransaction? transaction, long id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CustomerRow>(
            SelectCustomers + " WHERE Id = @id", new { id }, transaction);
        if (row is null)
        {
            return null;
        }

        var addresses = await connection.QueryAsync<AddressRow>(
            SelectAddresses + " WHERE CustomerId = @id ORDER BY Id", new { id }, transaction);
        return row.ToCustomer(addresses);
    }

    private static async Task InsertAddressesAsync(
        SqliteConnection connection, SqliteTransaction transaction, long customerId, CustomerInput input)
    {
        foreach (var address in input.Addresses ?? [])
        {
            await connection.ExecuteAsync(
                "INSERT INTO Addresses (CustomerId, Street, City, Kind) VALUES (@customerId, @Street, @City, @Kind)",
                new { customerId, address!.Street, address.City, address.Kind }, transaction);
        }
    }

    private sealed class CustomerRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Email { get; set; } = "";
        public string CreatedAt { get; set; } = "";

        public Customer ToCustomer(IEnumerable<AddressRow> addresses) => new(
            Id, Name, Email, DateTimeOffset.Parse(CreatedAt, CultureInfo.InvariantCulture),
            addresses.Select(a => new Address(a.Street, a.City, a.Kind)).ToList());
    }

    private sealed class AddressRow
    {
        public long CustomerId { get; set; }
        public string Street { get; set; } = "";
        public string City { get; set; } = "";
        public string Kind { get; set; } = "";
    }
}
