using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Configuration;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;
using Strangler.Sync.BulkLoad;
using Strangler.Sync.Hosting;
using Strangler.Sync.Metrics;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Reconcile.Reports;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// The reconcile and load jobs composed from the worker's own configuration (<c>Strangler:Sync</c> for projections
/// and store, <c>Strangler:Sync:Reconcile</c> for the legacy database and batching, <c>Strangler:Sync:Backfill</c> for
/// <c>--repair legacy</c>), for <c>strangler reconcile</c> and <c>strangler load</c>.
/// </summary>
public static class ReconcileJobs
{
    /// <summary>Runs (or resumes) a reconcile of <see cref="ReconcileRequest.Projection"/>.</summary>
    /// <exception cref="OptionsValidationException">A setting is missing or wrong; every one is named.</exception>
    public static async Task<ReconcileSummary> ReconcileAsync(
        IConfiguration configuration, ReconcileRequest request, Action<ReconcileProgress>? progress, CancellationToken cancellationToken)
    {
        var (sync, options, projection) = Settings(configuration, request.Projection, request.Repair);
        var (backfill, repair) = request.Repair == "legacy" ? LegacyRepairSettings(configuration, projection) : (null, null);
        ReportLocation.EnsureFolder(request.ReportPath); // the projection's folder in the reports directory, on its first run

        var time = TimeProvider.System;
        var store = await StoreOpening.OpenAsync(sync.Store, "legacy keys", progress, time, cancellationToken);
        try
        {
            LegacyRepair? legacyRepair = null;
            if (backfill is not null && repair is not null)
            {
                var mappings = backfill.Mappings.ToDictionary(m => m.Key, m => (IEventMapping)new DeclaredEventMapping(m.Key, m.Value), StringComparer.Ordinal);
                var writer = new BackfillWriter(SqlDialects.For(SqlDialects.ParseProvider(backfill.Provider)), backfill.ConnectionString, time);
                legacyRepair = new LegacyRepair(repair, mappings, writer, store, projection, time);
            }

            using var meter = new Meter(SyncMetrics.MeterName);
            progress = new ReconcileMetrics(meter).Observe(projection.Name, "reconcile", progress);
            return await new Reconciler(projection, LegacyRowReaders.For(options, time, $"strangler reconcile {projection.Name}"), store, options, time, progress, legacyRepair)
                .RunAsync(request, cancellationToken);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// The report a reconcile of <paramref name="projection"/> writes when none is named: in
    /// <c>Strangler:Sync:Reports:Directory</c> when it is set (the unfinished run's own file, so it resumes, or a new
    /// file, which the sync worker then serves), otherwise <c>reconcile-&lt;projection&gt;.ndjson</c> in the current folder.
    /// </summary>
    public static string DefaultReportPath(IConfiguration configuration, string projection, bool restart)
    {
        var reports = configuration.GetSection(ReportsOptions.SectionName).Get<ReportsOptions>();
        return string.IsNullOrEmpty(reports?.Directory)
            ? $"reconcile-{projection}.ndjson"
            : new ReportDirectory(reports.Directory).PathForJob(projection, restart, TimeProvider.System.GetUtcNow());
    }

    /// <summary>
    /// The list of keys a load of <paramref name="projection"/> could not load, when none is named: in
    /// <c>Strangler:Sync:Reports:Directory</c> when it is set (<c>load-&lt;projection&gt;.ndjson</c> there, beside the
    /// projections' report folders), otherwise <c>load-&lt;projection&gt;.ndjson</c> in the current folder.
    /// </summary>
    public static string DefaultLoadReportPath(IConfiguration configuration, string projection)
    {
        var reports = configuration.GetSection(ReportsOptions.SectionName).Get<ReportsOptions>();
        return string.IsNullOrEmpty(reports?.Directory)
            ? $"load-{projection}.ndjson"
            : new ReportDirectory(reports.Directory).PathForLoad(projection);
    }

    /// <summary>Runs (or resumes) a bulk load of <paramref name="projectionName"/>, then hands over to CDC.</summary>
    /// <exception cref="OptionsValidationException">A setting is missing or wrong; every one is named.</exception>
    public static async Task<LoadSummary> LoadAsync(
        IConfiguration configuration, string projectionName, string reportPath, bool restart, Action<ReconcileProgress>? progress, CancellationToken cancellationToken)
    {
        var (sync, options, projection) = Settings(configuration, projectionName, repair: null);
        ReportLocation.EnsureFolder(reportPath);
        var time = TimeProvider.System;
        var store = await StoreOpening.OpenAsync(sync.Store, "rows", progress, time, cancellationToken);
        // The handover's Kafka clients log as the worker's do (Logging:LogLevel:Strangler.Sync.Kafka), on stderr: the
        // command's own output is on stdout.
        using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging"))
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        try
        {
            (CdcHandover, string)? handover = string.IsNullOrEmpty(sync.BootstrapServers)
                ? null
                : (new CdcHandover(sync.BootstrapServers, sync.Kafka, sync.ConsumerKafka, loggers), $"{sync.GroupIdPrefix}.{projection.Name}");
            using var meter = new Meter(SyncMetrics.MeterName);
            progress = new ReconcileMetrics(meter).Observe(projection.Name, "load", progress);
            return await new BulkLoader(projection, LegacyRowReaders.For(options, time, $"strangler load {projection.Name}"), store, options, time, progress)
                .RunAsync(reportPath, restart, handover, cancellationToken);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    // The backfill's settings and the repair's, checked before anything is created, read or written: a setting missing
    // here would otherwise fail every key of a long job, one finding at a time.
    private static (BackfillOptions? Backfill, LegacyRepairOptions? Repair) LegacyRepairSettings(IConfiguration configuration, ProjectionOptions projection)
    {
        // The backfill's own section, or its former name as the worker still reads it (the repair read only the
        // former one, so a worker configured under the current name had no mappings to repair with).
        var section = configuration.GetSection(BackfillOptions.SectionName);
        section = section.Exists() ? section : configuration.GetSection(BackfillOptions.FormerSectionName);
        var backfill = section.Get<BackfillOptions>() ?? new BackfillOptions();
        var repair = configuration.GetSection(LegacyRepairOptions.SectionName).Get<LegacyRepairOptions>() ?? new LegacyRepairOptions();
        var errors = BackfillOptionsValidator.Validate(backfill, section.Path)
            .Concat(BareDurations.Problems(section, typeof(BackfillOptions)))
            .Concat(LegacyRepair.Errors(repair, projection, backfill.Mappings.Keys.ToList(), section.Path + ":Mappings")).ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(LegacyRepairOptions.SectionName, typeof(LegacyRepairOptions), errors);
        }

        return (backfill, repair);
    }

    private static (SyncOptions Sync, ReconcileOptions Options, ProjectionOptions Projection) Settings(
        IConfiguration configuration, string projectionName, string? repair)
    {
        var sync = configuration.GetSection(SyncOptions.SectionName).Get<SyncOptions>() ?? new SyncOptions();
        var options = configuration.GetSection(ReconcileOptions.SectionName).Get<ReconcileOptions>() ?? new ReconcileOptions();
        var errors = new List<string>(ReconcileOptionsValidator.Errors(options, requireDatabase: true));
        errors.AddRange(BareDurations.Problems(configuration.GetSection(ReconcileOptions.SectionName), typeof(ReconcileOptions)));
        errors.AddRange(BareDurations.Problems(configuration.GetSection(SyncOptions.SectionName), typeof(SyncOptions)));
        errors.AddRange(ProjectionValidator.Validate(sync.Projections));
        if (LiteDbDefaultPath.Problem(sync.Store, sync.Projections) is { } store)
        {
            errors.Add(store);
        }

        if (repair is not null and not "new" and not "legacy")
        {
            errors.Add($"--repair: '{repair}' is not one of new, legacy");
        }

        var projection = sync.Projections.FirstOrDefault(p => p.Name == projectionName);
        if (ConfiguredProjection.Problem(sync.Projections, projectionName) is { } unknown)
        {
            errors.Add(unknown);
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(ReconcileOptions.SectionName, typeof(ReconcileOptions), errors);
        }

        return (sync, options, projection!);
    }
}
