namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// The sync worker's settings in the demo: SQLite capture of the monolith's Customers and Addresses, the
/// customers-projection into the Customers service's LiteDB file (in the service's own document shape), and the
/// customers-backfill writing the service's domain events back into the monolith's tables, and the legacy database
/// that reconcile (the worker's continuous check and <c>strangler demo reconcile</c>) compares the service's store with.
/// </summary>
internal static class DemoSyncConfiguration
{
    public const string EventsTopic = "customers.events";

    /// <summary>The capture's topic of the monolith's Customers rows (the projection's root).</summary>
    public const string CustomersTopic = "legacy.dbo.Customers";

    /// <summary>The capture's topic of the monolith's Addresses rows (the projection's child array).</summary>
    public const string AddressesTopic = "legacy.dbo.Addresses";

    /// <summary>The projection of the monolith's customers into the service's store.</summary>
    public const string ProjectionName = "customers-projection";

    // The consumers' fetch.wait.max.ms on the demo's mock broker (see For).
    private const string MockFetchWaitMs = "100";

    // Event types only reconcile's legacy repair raises (the key is the event's subject, the data the stored document).
    private const string RepairUpsertEvent = "CustomerReconciled";
    private const string RepairDeleteEvent = "CustomerReconcileDeleted";
    private const string RepairAddressEvent = "AddressReconciled";
    private const string RepairAddressDeleteEvent = "AddressReconcileDeleted";

    public static Dictionary<string, string?> For(string legacyConnectionString, string customersDatabase)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Strangler:Sync:UseMockCluster"] = "true",
            ["Strangler:Sync:FlushInterval"] = "00:00:00.050",
            // The mock broker holds a fetch that finds nothing for the whole fetch.wait.max.ms (librdkafka's 500 ms)
            // and does not answer early when a message arrives, as a real broker does; a change then waited up to
            // 500 ms for the consumer's next fetch (the most of the 0.3 s each direction took). 100 ms: 0.15-0.2 s,
            // for about one more percent of a core while the demo is idle (two consumers' empty fetches).
            ["Strangler:Sync:ConsumerKafka:fetch.wait.max.ms"] = MockFetchWaitMs,
            ["Strangler:Sync:Store:LiteDbPath"] = customersDatabase,
            ["Strangler:Sync:Capture:Enabled"] = "true",
            ["Strangler:Sync:Capture:ConnectionString"] = legacyConnectionString,
            ["Strangler:Sync:Capture:Tables:0"] = "Customers",
            ["Strangler:Sync:Capture:Tables:1"] = "Addresses",
            ["Strangler:Sync:Capture:PollInterval"] = "00:00:00.100",
            ["Strangler:Sync:Backfill:Provider"] = "sqlite",
            ["Strangler:Sync:Backfill:ConnectionString"] = legacyConnectionString,
            ["Strangler:Sync:Backfill:Pipeline"] = "customers-backfill",
            ["Strangler:Sync:Backfill:Consumer:GroupId"] = "strangler-backfill.customers",
            ["Strangler:Sync:Backfill:Consumer:Subdomain"] = "customers",
            ["Strangler:Sync:Backfill:Consumer:Topics:0"] = EventsTopic,
            ["Strangler:Sync:Backfill:Consumer:FlushInterval"] = "00:00:00.050",
            ["Strangler:Sync:Backfill:Consumer:ConsumerKafka:fetch.wait.max.ms"] = MockFetchWaitMs,
            // The mock cluster creates a topic only when asked; the backfill may subscribe before the first event.
            ["Strangler:Sync:Backfill:Consumer:Kafka:allow.auto.create.topics"] = "true",
            // The legacy side of reconcile, for `strangler demo reconcile` and the worker's continuous check. The check
            // is off by default because it reads the legacy database, which its owners must agree to; the demo's
            // monolith is ours and holds a few customers, so the demo turns it on to show the drift on the dashboard.
            // Every 10 s (20 keys a check: 10 legacy keys and 10 of the store's ids, all of the demo's customers on both
            // sides), so the figure moves while someone watches, and
            // a first sample that raced the projection of the snapshot is replaced within seconds.
            ["Strangler:Sync:Reconcile:Provider"] = "sqlite",
            ["Strangler:Sync:Reconcile:ConnectionString"] = legacyConnectionString,
            ["Strangler:Sync:Reconcile:SampleSizePerMinute"] = "120",
            ["Strangler:Sync:Reconcile:SampleInterval"] = "00:00:10",
            // `demo reconcile --repair legacy` turns each finding into an event of these types, with the stored document as
            // data and the key as subject. The service's own events carry camelCase fields and the id in data, so the
            // repair has mappings of its own. A declared mapping writes one table, so each address is an event of its
            // own (subject: the address's id; data: its fields and CustomerId), and an address only the monolith has
            // is deleted.
            ["Strangler:Sync:Reconcile:LegacyRepair:UpsertEvent"] = RepairUpsertEvent,
            ["Strangler:Sync:Reconcile:LegacyRepair:DeleteEvent"] = RepairDeleteEvent,
            ["Strangler:Sync:Reconcile:LegacyRepair:Items:Addresses:UpsertEvent"] = RepairAddressEvent,
            ["Strangler:Sync:Reconcile:LegacyRepair:Items:Addresses:DeleteEvent"] = RepairAddressDeleteEvent,
        };
        AddProjection(settings, "Strangler:Sync:Projections:0");
        AddCustomerMapping(settings, "Strangler:Sync:Backfill:Mappings:CustomerRegistered");
        AddCustomerMapping(settings, "Strangler:Sync:Backfill:Mappings:CustomerUpdated");
        AddDelete(settings, "Strangler:Sync:Backfill:Mappings:CustomerDeleted", "Customers", "id");
        AddAddressMapping(settings, "Strangler:Sync:Backfill:Mappings:AddressChanged");
        AddRepairMappings(settings);
        AddDelete(settings, "Strangler:Sync:Backfill:Mappings:AddressRemoved", "Addresses", "addressId");
        return settings;
    }

    // The legacy column names already are the service's field names (Name, Email, CreatedAt, Street, ...), so the
    // projection only drops the keys (they become _id and _key), converts CreatedAt and names the array.
    private static void AddProjection(Dictionary<string, string?> settings, string p)
    {
        settings[$"{p}:Name"] = ProjectionName;
        settings[$"{p}:Subdomain"] = "customers";
        settings[$"{p}:Collection"] = "customers";
        settings[$"{p}:Root:Table"] = "dbo.Customers";
        settings[$"{p}:Root:Topic"] = CustomersTopic;
        settings[$"{p}:Root:Columns:Id:Ignore"] = "true";
        settings[$"{p}:Root:Columns:CreatedAt:Type"] = "datetime";
        settings[$"{p}:Children:0:Table"] = "dbo.Addresses";
        settings[$"{p}:Children:0:Topic"] = AddressesTopic;
        settings[$"{p}:Children:0:Array"] = "Addresses";
        settings[$"{p}:Children:0:ParentKeyColumn"] = "CustomerId";
        settings[$"{p}:Children:0:Columns:Id:Ignore"] = "true";
        settings[$"{p}:Children:0:Columns:CustomerId:Ignore"] = "true";
    }

    private static void AddCustomerMapping(Dictionary<string, string?> settings, string m)
    {
        settings[$"{m}:Table"] = "Customers";
        settings[$"{m}:KeyColumn"] = "Id";
        settings[$"{m}:KeyField"] = "id";
        settings[$"{m}:Columns:Name"] = "name";
        settings[$"{m}:Columns:Email"] = "email";
        settings[$"{m}:Columns:CreatedAt"] = "createdAt";
    }

    private static void AddAddressMapping(Dictionary<string, string?> settings, string m)
    {
        settings[$"{m}:Table"] = "Addresses";
        settings[$"{m}:KeyColumn"] = "Id";
        settings[$"{m}:KeyField"] = "addressId";
        settings[$"{m}:Columns:CustomerId"] = "customerId";
        settings[$"{m}:Columns:Street"] = "street";
        settings[$"{m}:Columns:City"] = "city";
        settings[$"{m}:Columns:Kind"] = "kind";
    }

    private static void AddRepairMappings(Dictionary<string, string?> settings)
    {
        var upsert = $"Strangler:Sync:Backfill:Mappings:{RepairUpsertEvent}";
        settings[$"{upsert}:Table"] = "Customers";
        settings[$"{upsert}:KeyColumn"] = "Id";
        settings[$"{upsert}:Columns:Name"] = "Name";
        settings[$"{upsert}:Columns:Email"] = "Email";
        settings[$"{upsert}:Columns:CreatedAt"] = "CreatedAt";
        var delete = $"Strangler:Sync:Backfill:Mappings:{RepairDeleteEvent}";
        settings[$"{delete}:Table"] = "Customers";
        settings[$"{delete}:KeyColumn"] = "Id";
        settings[$"{delete}:Operation"] = "delete";
        var address = $"Strangler:Sync:Backfill:Mappings:{RepairAddressEvent}";
        settings[$"{address}:Table"] = "Addresses";
        settings[$"{address}:KeyColumn"] = "Id";
        settings[$"{address}:Columns:CustomerId"] = "CustomerId";
        settings[$"{address}:Columns:Street"] = "Street";
        settings[$"{address}:Columns:City"] = "City";
        settings[$"{address}:Columns:Kind"] = "Kind";
        var addressDelete = $"Strangler:Sync:Backfill:Mappings:{RepairAddressDeleteEvent}";
        settings[$"{addressDelete}:Table"] = "Addresses";
        settings[$"{addressDelete}:KeyColumn"] = "Id";
        settings[$"{addressDelete}:Operation"] = "delete";
    }

    private static void AddDelete(Dictionary<string, string?> settings, string m, string table, string keyField)
    {
        settings[$"{m}:Table"] = table;
        settings[$"{m}:KeyColumn"] = "Id";
        settings[$"{m}:KeyField"] = keyField;
        settings[$"{m}:Operation"] = "delete";
    }
}
