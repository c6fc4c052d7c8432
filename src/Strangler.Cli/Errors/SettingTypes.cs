using Samples.CustomersService;
using Samples.LegacyMonolith;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Shadow;
using Strangler.Outbox;
using Strangler.Sync.Backfill;
using Strangler.Sync.Hosting;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Reports;

namespace Strangler.Cli.Errors;

/// <summary>
/// Which options type each configuration section is bound to, for <see cref="UnknownSettings"/>: a key under one of
/// these sections that its type has no property for is read by nothing.
/// </summary>
/// <remarks>
/// One list for every command, like <see cref="SettingSections"/>: a shared appsettings.json holds the gateway's and
/// the worker's settings both, and a misspelling in either is one wherever it is read. A section nested in another's
/// path (<c>Strangler:Gateway:Fleet</c> in <c>Strangler:Gateway</c>) is bound on its own, so the outer type needs no
/// property for it.
/// </remarks>
internal static class SettingTypes
{
    public static readonly IReadOnlyList<(string Section, Type Type)> Bound =
    [
        (GatewayOptions.SectionName, typeof(GatewayOptions)),
        (ShadowOptions.SectionName, typeof(ShadowOptions)),
        (FleetOptions.SectionName, typeof(FleetOptions)),
        (RolloutOptions.SectionName, typeof(RolloutOptions)),
        (DashboardOptions.SectionName, typeof(DashboardOptions)),
        (SyncOptions.SectionName, typeof(SyncOptions)),
        (BackfillOptions.SectionName, typeof(BackfillOptions)),
        // The backfill's consumer is bound on its own, from whichever of the two backfill sections is set.
        (BackfillOptions.SectionName + ":Consumer", Internal(typeof(SyncOptions), "Strangler.Sync.Consuming.BatchConsumerOptions")),
        // The former section, still read to say at start that it moved.
        ("Strangler:Backfill", typeof(BackfillOptions)),
        ("Strangler:Backfill:Consumer", Internal(typeof(SyncOptions), "Strangler.Sync.Consuming.BatchConsumerOptions")),
        (ReconcileOptions.SectionName, typeof(ReconcileOptions)),
        (LegacyRepairOptions.SectionName, typeof(LegacyRepairOptions)),
        (ReportsOptions.SectionName, typeof(ReportsOptions)),
        (OutboxOptions.SectionName, typeof(OutboxOptions)),
        (CustomersServiceOptions.SectionName, typeof(CustomersServiceOptions)),
        (LegacyMonolithOptions.SectionName, typeof(LegacyMonolithOptions)),
    ];

    // A settings type the worker keeps internal; named here so that a rename fails every command's start, not silently.
    private static Type Internal(Type beside, string name) => beside.Assembly.GetType(name, throwOnError: true)!;
}
