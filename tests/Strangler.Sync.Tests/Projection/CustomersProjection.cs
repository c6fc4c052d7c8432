using Strangler.Sync.Projection;

namespace Strangler.Sync.Tests.Projection;

/// <summary>The sample mapping used by the tests, declared in C#: customers with embedded addresses.</summary>
internal sealed class CustomersProjection(string customersTopic = "legacy.dbo.Customers", string addressesTopic = "legacy.dbo.Addresses") : IProjectionMapping
{
    public ProjectionOptions Define() => new()
    {
        Name = "customers-projection",
        Subdomain = "customers",
        Collection = "customers",
        Root = new TableMapping
        {
            Table = "dbo.Customers",
            Topic = customersTopic,
            Columns = new Dictionary<string, ColumnMapping>
            {
                ["Id"] = new() { Ignore = true },
                ["Name"] = new() { Name = "name" },
                ["CreditLimit"] = new() { Name = "creditLimit", Type = "decimal" },
            },
        },
        Children =
        [
            new ChildTableMapping
            {
                Table = "dbo.Addresses",
                Topic = addressesTopic,
                Array = "addresses",
                ParentKeyColumn = "CustomerId",
                Columns = new Dictionary<string, ColumnMapping> { ["City"] = new() { Name = "city" }, ["CustomerId"] = new() { Ignore = true } },
                IncludeUnmappedColumns = false,
            },
        ],
    };
}
