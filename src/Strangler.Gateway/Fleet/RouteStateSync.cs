using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Routing;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// Keeps this replica on the fleet's route state. At start: the store's state (seeding an empty store from the routes
/// directory), else the state cached on disk, else nothing (not ready). Then PostgreSQL pushes every commit over
/// LISTEN/NOTIFY on a dedicated connection, checked every <see cref="FleetOptions.KeepAliveInterval"/>; SQL Server is
/// polled every <see cref="FleetOptions.PollInterval"/>. A lost store is retried with backoff and, once back, read
/// whole, so whatever was missed meanwhile is caught up.
/// </summary>
internal sealed class RouteStateSync(FleetRouteState fleet, IOptions<GatewayOptions> gateway, TimeProvider time,
    ILogger<RouteStateSync> logger) : BackgroundService
{
    /// <summary>
    /// The listening connection's check, named in a comment so that <c>pg_stat_activity</c> shows which backend of a
    /// replica is its listener (the others are its pool's).
    /// </summary>
    internal const string KeepAlive = "SELECT revision FROM strangler_route_state WHERE id = 1 /* strangler fleet listener */";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);

    private readonly StoreDeadline _deadline = new(fleet.Options.StoreTimeout);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!fleet.Enabled)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(fleet.Options.StartTimeout);
        try
        {
            var unseeded = await SeedIfEmptyAsync(timeout.Token);
            await fleet.CatchUpAsync(timeout.Token);
            if (unseeded is not null && fleet.ServedRevision == 0)
            {
                fleet.NoteNotServed(unseeded);
            }
        }
        catch (Exception ex) when (IsStoreFailure(ex) || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            fleet.MarkFailed(ex is OperationCanceledException ? new TimeoutException($"no answer within {fleet.Options.StartTimeout}") : ex);
            var cacheFile = fleet.Options.EffectiveCacheFile;
            if (RouteStateCache.TryRead(cacheFile, out var problem) is { } cached)
            {
                fleet.Serve(cached, "cache");
                FleetLog.ServingCache(logger, fleet.StoreTrouble, cached.Revision, cacheFile);
            }
            else
            {
                FleetLog.NothingToServe(logger, fleet.StoreTrouble, cacheFile, problem);
                fleet.NoteNotServed(new RouteLoadFailure
                {
                    At = time.GetUtcNow(),
                    Errors =
                    [
                        new("", "store", fleet.StoreNotMigrated
                            ? $"the fleet's route store is not migrated ({fleet.StoreError}) and there is no usable cached state in {cacheFile} ({problem}): no route is served until strangler migrate has run against it"
                            : $"the fleet's route store cannot be reached ({fleet.StoreError}) and there is no usable cached state in {cacheFile} ({problem}): no route is served until the store answers"),
                    ],
                });
            }
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (fleet.Store.Provider == LegacyProvider.Postgres)
                {
                    await ListenAsync(() => delay = FirstRetry, stoppingToken);
                }
                else
                {
                    await PollAsync(() => delay = FirstRetry, stoppingToken);
                }
            }
            catch (Exception ex) when (IsStoreFailure(ex) && !stoppingToken.IsCancellationRequested)
            {
                fleet.MarkFailed(ex);
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, fleet.Options.MaxReconnectDelay.Ticks));
            }
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        await using var connection = (NpgsqlConnection)await _deadline.RunAsync(fleet.Store.OpenAsync, stoppingToken);
        var notified = 0;
        connection.Notification += (_, _) => Interlocked.Exchange(ref notified, 1);
        await using (var listen = new NpgsqlCommand($"LISTEN {FleetStatements.Channel}", connection))
        {
            listen.CommandTimeout = _deadline.CommandTimeoutSeconds;
            await _deadline.RunAsync(listen.ExecuteNonQueryAsync, stoppingToken);
        }

        // Listening before reading: a commit between the two is read now or notified, never missed.
        await fleet.CatchUpAsync(stoppingToken);
        connected();
        await using var revision = new NpgsqlCommand(KeepAlive, connection)
        {
            CommandTimeout = _deadline.CommandTimeoutSeconds,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            var woke = await connection.WaitAsync(fleet.Options.KeepAliveInterval, stoppingToken);
            if (woke || Interlocked.Exchange(ref notified, 0) == 1)
            {
                Interlocked.Exchange(ref notified, 0);
                await fleet.CatchUpAsync(stoppingToken);
                continue;
            }

            // Quiet: prove the connection is alive (a dead one would never wake us), and catch a lost notification.
            var stored = Convert.ToInt64(await _deadline.RunAsync(revision.ExecuteScalarAsync, stoppingToken));
            fleet.NoteStoreRevision(stored);
            if (stored > fleet.ServedRevision)
            {
                await fleet.CatchUpAsync(stoppingToken);
            }
            else
            {
                fleet.MarkSynced();
            }
        }
    }

    private async Task PollAsync(Action connected, CancellationToken stoppingToken)
    {
        await fleet.CatchUpAsync(stoppingToken);
        connected();
        using var timer = new PeriodicTimer(fleet.Options.PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var stored = await fleet.Store.ReadRevisionAsync(stoppingToken);
            fleet.NoteStoreRevision(stored);
            if (stored > fleet.ServedRevision)
            {
                await fleet.CatchUpAsync(stoppingToken);
            }
            else
            {
                fleet.MarkSynced();
            }
        }
    }

    // An empty store (revision 0, as migrated) takes the routes directory of the first replica that starts, by
    // compare-and-set on 0: the others find it filled. A fleet can so start from the same files a single gateway uses.
    // Returns why nothing was seeded from files that hold errors: an operator used to a single gateway expects them
    // named, and a fleet that silently started empty sent every path to the monolith, ready, with no line in the log.
    private async Task<RouteLoadFailure?> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        var directory = gateway.Value.RoutesDirectory;
        var revision = await fleet.Store.ReadRevisionAsync(cancellationToken);
        if (revision != 0)
        {
            FleetLog.DirectoryNotRead(logger, revision, directory);
            return null;
        }

        var files = RouteValidator.LoadDirectory(directory);
        if (!files.IsValid)
        {
            FleetLog.SeedRejected(logger, directory, string.Join("; ", files.Errors));
            return new RouteLoadFailure { At = time.GetUtcNow(), Errors = files.Errors };
        }

        if (files.Routes.Count == 0)
        {
            FleetLog.NothingToSeed(logger, directory);
            return null;
        }

        var now = time.GetUtcNow();
        var state = new RouteState
        {
            Revision = Math.Max(1, files.Routes.Max(r => r.Revision)), Routes = files.Routes, UpdatedAt = now,
        };
        var changes = RouteChanges.DiffFromDisk(null, files.Routes, [], now)
            .Select(c => c with { Reason = $"seeded from the routes directory of replica {fleet.Options.EffectiveReplicaId}" })
            .ToList();
        var commit = await fleet.Store.TryCommitAsync(0, state, changes, cancellationToken);
        if (commit.Committed)
        {
            FleetLog.Seeded(logger, directory, state.Revision);
        }
        else
        {
            // Another replica started at the same moment (a Deployment's pods do) and seeded first: this one's
            // directory is no more read than if the store had held routes when it looked, and its log says so.
            FleetLog.DirectoryNotRead(logger, commit.Current.Revision, directory);
        }

        return null;
    }

    private static bool IsStoreFailure(Exception ex) =>
        ex is DbException or IOException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException;
}
