using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Tests.Backfill;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// A generated legacy data set in a fresh <see cref="LegacyTestDatabase"/>: <c>crm_customers</c> (name, a numeric credit
/// limit, a timestamp) with two <c>crm_addresses</c> each, and the projection that embeds the addresses.
/// </summary>
internal static class CustomerDataSet
{
    public static ProjectionOptions Projection { get; } = new()
    {
        Name = "crm-customers",
        Subdomain = "customers",
        Collection = "crm_customers",
        Root = new TableMapping
        {
            Table = "crm_customers",
            Topic = "legacy.public.crm_customers",
            Columns = new Dictionary<string, ColumnMapping>
            {
                ["name"] = new() { Name = "fullName" },
                ["credit_limit"] = new() { Name = "creditLimit", Type = "decimal" },
                ["since"] = new() { Type = "datetime" },
            },
        },
        Children =
        [
            new ChildTableMapping
            {
                Table = "crm_addresses", Topic = "legacy.public.crm_addresses", Array = "addresses", ParentKeyColumn = "customer_id",
                Columns = new Dictionary<string, ColumnMapping> { ["city"] = new() { Name = "town" } },
            },
        ],
    };

    public static async Task CreateAsync(LegacyTestDatabase database, int customers)
    {
        if (database.Provider == LegacyProvider.Postgres)
        {
            await database.ExecAsync("""
                CREATE TABLE crm_customers (id bigint PRIMARY KEY, name text NOT NULL, credit_limit numeric(12,2), since timestamptz);
                CREATE TABLE crm_addresses (id bigint PRIMARY KEY, customer_id bigint NOT NULL, city text NOT NULL);
                CREATE INDEX crm_addresses_customer ON crm_addresses (customer_id);
                INSERT INTO crm_customers SELECT i, 'Customer ' || i, (i % 1000) + 0.50, timestamptz '2020-01-01' + i * interval '1 hour' FROM generate_series(1, @customers) i;
                INSERT INTO crm_addresses SELECT i * 10 + a, i, 'City ' || i || '-' || a FROM generate_series(1, @customers) i, generate_series(1, 2) a;
                """, new { customers });
        }
        else
        {
            await database.ExecAsync("""
                CREATE TABLE crm_customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, credit_limit TEXT, since TEXT);
                CREATE TABLE crm_addresses (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, city TEXT NOT NULL);
                CREATE INDEX crm_addresses_customer ON crm_addresses (customer_id);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @customers)
                INSERT INTO crm_customers SELECT i, 'Customer ' || i, printf('%.2f', (i % 1000) + 0.5), strftime('%Y-%m-%dT%H:%M:%SZ', '2020-01-01', '+' || i || ' hours') FROM n;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @customers)
                INSERT INTO crm_addresses SELECT i * 10 + a, i, 'City ' || i || '-' || a FROM n, (SELECT 1 AS a UNION ALL SELECT 2);
                """, new { customers });
        }
    }

    public static ReconcileOptions Options(LegacyTestDatabase database) => new()
    {
        Provider = database.Provider == LegacyProvider.Postgres ? "postgres" : "sqlite",
        ConnectionString = database.ConnectionString,
        BatchSize = 100,
        Concurrency = 3,
        RecheckDelay = TimeSpan.Zero,
    };

    public static ILegacyRowReader Reader(LegacyTestDatabase database) => LegacyRowReaders.For(Options(database), TimeProvider.System);
}
