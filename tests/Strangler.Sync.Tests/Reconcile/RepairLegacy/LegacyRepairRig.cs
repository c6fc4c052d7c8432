using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;
using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Reconcile.RepairLegacy;

/// <summary>
/// <c>--repair legacy</c> over a <see cref="ReconcileHarness"/>: the customers' and addresses' repair event types, their
/// declared backfill mappings, and the reconciler run with a <see cref="Sync.Reconcile.LegacyRepair"/>.
/// </summary>
internal static class LegacyRepairRig
{
    /// <summary>Both engines, each with a foreign key from the addresses to their customer and without one.</summary>
    public static TheoryData<LegacyProvider, bool> EnginesWithAndWithoutForeignKey => new()
    {
        { LegacyProvider.Postgres, true },
        { LegacyProvider.Postgres, false },
        { LegacyProvider.Sqlite, true },
        { LegacyProvider.Sqlite, false },
    };

    public static readonly LegacyRepairOptions Repair = new()
    {
        UpsertEvent = "CustomerReconciled",
        DeleteEvent = "CustomerReconcileDeleted",
        Items = new Dictionary<string, LegacyRepairItemOptions>
        {
            ["addresses"] = new() { UpsertEvent = "AddressReconciled", DeleteEvent = "AddressReconcileDeleted" },
        },
    };

    public static readonly Dictionary<string, EventMappingOptions> Mappings = new()
    {
        ["CustomerReconciled"] = new()
        {
            Table = "crm_customers", KeyColumn = "id",
            Columns = new Dictionary<string, string> { ["name"] = "fullName", ["credit_limit"] = "creditLimit", ["since"] = "since" },
        },
        ["CustomerReconcileDeleted"] = new() { Table = "crm_customers", KeyColumn = "id", Operation = "delete" },
        ["AddressReconciled"] = new()
        {
            Table = "crm_addresses", KeyColumn = "id",
            Columns = new Dictionary<string, string> { ["customer_id"] = "customer_id", ["city"] = "town" },
        },
        ["AddressReconcileDeleted"] = new() { Table = "crm_addresses", KeyColumn = "id", Operation = "delete" },
    };

    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    public static Sync.Reconcile.LegacyRepair Create(
        ReconcileHarness harness, LegacyRepairOptions? options = null, TimeProvider? repairTime = null, string? connectionString = null,
        IReadOnlyDictionary<string, EventMappingOptions>? declared = null)
    {
        var mappings = (declared ?? Mappings).ToDictionary(m => m.Key, m => (IEventMapping)new DeclaredEventMapping(m.Key, m.Value), StringComparer.Ordinal);
        var writer = new BackfillWriter(harness.Legacy.Dialect, connectionString ?? harness.Legacy.ConnectionString, TimeProvider.System);
        return new Sync.Reconcile.LegacyRepair(options ?? Repair, mappings, writer, harness.Store, harness.Projection, repairTime ?? TimeProvider.System);
    }

    public static Task<ReconcileSummary> RunAsync(
        ReconcileHarness harness, LegacyRepairOptions? options = null, TimeProvider? repairTime = null, string? connectionString = null,
        bool restart = true, Action<ReconcileProgress>? progress = null, IReadOnlyDictionary<string, EventMappingOptions>? mappings = null,
        CancellationToken cancellationToken = default) =>
        new Reconciler(harness.Projection, CustomerDataSet.Reader(harness.Legacy), harness.Store, harness.Options, TimeProvider.System, progress,
                Create(harness, options, repairTime, connectionString, mappings))
            .RunAsync(new ReconcileRequest { Projection = harness.Projection.Name, ReportPath = harness.ReportPath, Repair = "legacy", Restart = restart },
                cancellationToken);

    /// <summary>
    /// Gives <c>crm_addresses.customer_id</c> a foreign key to <c>crm_customers</c> without a cascade, and returns the
    /// connection string the repair must write with for the engine to check it (SQLite checks foreign keys only on a
    /// connection that asks).
    /// </summary>
    public static async Task<string> AddForeignKeyAsync(ReconcileHarness harness)
    {
        if (harness.Legacy.Provider == LegacyProvider.Postgres)
        {
            await harness.Legacy.ExecAsync("ALTER TABLE crm_addresses ADD CONSTRAINT crm_addresses_customer_fk FOREIGN KEY (customer_id) REFERENCES crm_customers (id)");
            return harness.Legacy.ConnectionString;
        }

        // SQLite adds a foreign key only with the table: rebuilt with its rows (the capture triggers go with the old one,
        // and no test here needs them).
        await harness.Legacy.ExecAsync("""
            CREATE TABLE crm_addresses_fk (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES crm_customers (id), city TEXT NOT NULL);
            INSERT INTO crm_addresses_fk SELECT id, customer_id, city FROM crm_addresses;
            DROP TABLE crm_addresses;
            ALTER TABLE crm_addresses_fk RENAME TO crm_addresses;
            CREATE INDEX crm_addresses_customer ON crm_addresses (customer_id);
            """);
        return harness.Legacy.ConnectionString + ";Foreign Keys=True";
    }

    public static async Task<long> CountAsync(ReconcileHarness harness, string sql) =>
        (await harness.Legacy.QueryAsync<long>(sql)).Single();
}
