using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Reconcile.RepairLegacy;

/// <summary>The settings of <c>--repair legacy</c>, checked before the job creates, reads or writes anything.</summary>
public sealed class RepairSettingsTests
{
    [Fact]
    // Bug: an event type without a backfill mapping failed each key on its own, one finding at a time through a long
    // job, and a missing backfill provider threw an ArgumentException with a stack trace.
    public async Task Missing_and_unmapped_settings_are_all_named_and_nothing_is_created()
    {
        var folder = Path.Combine(Path.GetTempPath(), "strangler-repair-settings-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Strangler:Sync:Store:LiteDbPath"] = Path.Combine(folder, "store.db"),
            ["Strangler:Sync:Projections:0:Name"] = "crm-customers",
            ["Strangler:Sync:Projections:0:Subdomain"] = "customers",
            ["Strangler:Sync:Projections:0:Collection"] = "crm_customers",
            ["Strangler:Sync:Projections:0:Root:Table"] = "crm_customers",
            ["Strangler:Sync:Projections:0:Root:Topic"] = "legacy.public.crm_customers",
            ["Strangler:Sync:Projections:0:Children:0:Table"] = "crm_addresses",
            ["Strangler:Sync:Projections:0:Children:0:Topic"] = "legacy.public.crm_addresses",
            ["Strangler:Sync:Projections:0:Children:0:Array"] = "addresses",
            ["Strangler:Sync:Projections:0:Children:0:ParentKeyColumn"] = "customer_id",
            ["Strangler:Sync:Reconcile:Provider"] = "sqlite",
            ["Strangler:Sync:Reconcile:ConnectionString"] = $"Data Source={Path.Combine(folder, "legacy.db")}",
            ["Strangler:Sync:Backfill:Mappings:CustomerReconciled:Table"] = "crm_customers",
            ["Strangler:Sync:Backfill:Mappings:CustomerReconciled:KeyColumn"] = "id",
            ["Strangler:Sync:Reconcile:LegacyRepair:UpsertEvent"] = "CustomerReconciled",
            ["Strangler:Sync:Reconcile:LegacyRepair:Items:addresses:UpsertEvent"] = "AddressReconciled",
            ["Strangler:Sync:Reconcile:LegacyRepair:Items:addresses:DeleteEvent"] = "AddressReconcileDeleted",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var request = new ReconcileRequest { Projection = "crm-customers", ReportPath = Path.Combine(folder, "reports", "report.ndjson"), Repair = "legacy" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ReconcileJobs.ReconcileAsync(configuration, request, null, CancellationToken.None));

        Assert.Equal(
        [
            "Strangler:Sync:Backfill:Provider must be sqlserver, postgres or sqlite (was '').",
            "Strangler:Sync:Backfill:ConnectionString is required.",
            "Strangler:Sync:Reconcile:LegacyRepair:DeleteEvent: is required: the event type whose backfill mapping deletes a key's rows, such as CustomerDeleted (--repair legacy raises it as the service would)",
            "Strangler:Sync:Reconcile:LegacyRepair:Items:addresses:UpsertEvent: the event type 'AddressReconciled' has no mapping (Strangler:Sync:Backfill:Mappings:AddressReconciled)",
            "Strangler:Sync:Reconcile:LegacyRepair:Items:addresses:DeleteEvent: the event type 'AddressReconcileDeleted' has no mapping (Strangler:Sync:Backfill:Mappings:AddressReconcileDeleted)",
        ], error.Failures);
        Assert.False(Directory.Exists(folder));
    }
}
