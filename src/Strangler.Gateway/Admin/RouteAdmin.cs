using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Breakers;
using Strangler.Gateway.Canary;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Admin;

/// <summary>
/// The one way routes change: flips, rollbacks and reloads from disk all pass through here, one at a time, so the
/// route files, the history and the serving table stay in step and the audit trail is a single one.
/// Used by the admin API and the dashboard; DI builds it (one per gateway).
/// </summary>
internal sealed class RouteAdmin
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly GatewayOptions _options;
    private readonly RouteTableStore _store;
    private readonly RouteHistoryStore _history;
    private readonly BreakerRegistry _breakers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FleetRouteState? _fleet;
    private readonly ReplicaOwnership? _ownership;
    private readonly ClaimKeyCheck _claims;

    public RouteAdmin(IOptions<GatewayOptions> options, RouteTableStore store, RouteHistoryStore history, BreakerRegistry breakers,
        TimeProvider time, ILogger<RouteAdmin> logger, FleetRouteState? fleet = null, ClaimKeyCheck? claims = null,
        ReplicaOwnership? ownership = null)
    {
        (_options, _store, _history, _breakers, _time, _logger) = (options.Value, store, history, breakers, time, logger);
        _claims = claims ?? new ClaimKeyCheck();
        // In a fleet the shared store is the truth and its log the history; the files are only the GitOps input.
        _fleet = fleet is { Enabled: true } ? fleet : null;
        _ownership = ownership;
    }

    /// <summary>The serving routes with breaker state, and the last rejected reload.</summary>
    public RouteOverview GetRoutes()
    {
        var table = _store.Current;
        return new RouteOverview
        {
            Loaded = table is not null,
            LoadedAt = table?.LoadedAt,
            Routes = (table?.Routes ?? []).Select(r => new RouteStatus { Route = r, BreakerOpen = _breakers.IsOpen(r.Name) }).ToList(),
            LastLoadError = _store.LastFailure,
        };
    }

    /// <summary>Every recorded change, oldest first, optionally for one sub-domain.</summary>
    public IReadOnlyList<RouteChange> GetHistory(string? subdomain = null) =>
        AllHistory().Where(c => subdomain is null || c.Subdomain == subdomain).ToList();

    /// <summary>
    /// Not found, naming the sub-domains there are, when <paramref name="subdomain"/> is neither served nor in the
    /// history: a misspelt name, which would otherwise read as a sub-domain that never changed. Null when it is known.
    /// </summary>
    public RouteAdminResult? UnknownSubdomain(string subdomain)
    {
        var known = (_store.Current?.Routes ?? []).Select(r => r.Name).Concat(AllHistory().Select(c => c.Subdomain))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return known.Contains(subdomain, StringComparer.Ordinal)
            ? null
            : RouteAdminResult.NotFound("subdomain", UnknownSubdomainText.NotInRoutesOrHistory(subdomain, known));
    }

    /// <summary>Why a change or a rollout command for <paramref name="subdomain"/> finds no route to act on.</summary>
    public string NoRoute(string? subdomain) => UnknownSubdomainText.NotServed(subdomain, _store.Current);

    /// <summary>Flips a sub-domain: writes its route file, records the change, and serves the new table at once.</summary>
    public async Task<RouteAdminResult> FlipAsync(FlipRequest request, CancellationToken cancellationToken = default)
    {
        if (RouteChanges.CheckFlip(request.Mode, request.Percentage, request.Reason, request.Actor) is { Count: > 0 } errors)
        {
            return new RouteAdminResult { Outcome = RouteAdminOutcome.Invalid, Errors = errors };
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var caughtUp = await CatchUpWithTheFleetAsync(cancellationToken);
            if (!caughtUp && _store.Current is null)
            {
                return StoreUnreachableWithNoTable();
            }

            var current = _store.Current?.Find(request.Subdomain ?? "")?.Definition;
            if (current is null)
            {
                return RouteAdminResult.NotFound("subdomain", NoRoute(request.Subdomain));
            }

            if (request.ExpectedRevision is { } expected && expected != current.Revision)
            {
                return RouteAdminResult.Conflict(current, _fleet?.ServedRevision,
                    $"'{current.Name}' is at revision {current.Revision}, not {expected}: someone changed it first");
            }

            var updated = current with
            {
                Mode = request.Mode,
                CanaryPercentage = request.Mode == RouteMode.Canary ? request.Percentage!.Value : current.CanaryPercentage,
            };
            if (caughtUp && RouteFileWriter.SameContent(current, updated))
            {
                return Unchanged("flip", current, request.Reason, request.Actor);
            }

            return await ApplyAsync("flip", current, updated with { Revision = NextRevision() }, request.Reason, request.Actor, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Restores a sub-domain's route as recorded at an earlier revision, as a new revision.</summary>
    public async Task<RouteAdminResult> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken = default)
    {
        if (RouteChanges.CheckRollback(request.Revision, request.Reason, request.Actor) is { Count: > 0 } errors)
        {
            return new RouteAdminResult { Outcome = RouteAdminOutcome.Invalid, Errors = errors };
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var caughtUp = await CatchUpWithTheFleetAsync(cancellationToken);
            if (!caughtUp && _store.Current is null)
            {
                return StoreUnreachableWithNoTable();
            }

            if (_store.Current is null)
            {
                // Publishing one restored route over an unloaded table would drop every other sub-domain.
                return RouteAdminResult.Invalid("routes", "no valid route table is loaded; fix the route files first (see lastLoadError)");
            }

            var candidates = AllHistory()
                .Where(c => c.Revision == request.Revision && c.Route is not null
                    && (request.Subdomain is null || c.Subdomain == request.Subdomain))
                .ToList();
            if (candidates.Count == 0)
            {
                // A misspelt sub-domain is named as such, with the known ones, not as a revision it never had.
                if (request.Subdomain is not null && UnknownSubdomain(request.Subdomain) is { } unknown)
                {
                    return unknown;
                }

                return RouteAdminResult.NotFound("revision", RouteChanges.NoSuchRevision(AllHistory(), request.Revision, request.Subdomain));
            }

            var subdomains = candidates.Select(c => c.Subdomain).Distinct().ToList();
            if (subdomains.Count > 1)
            {
                return RouteAdminResult.Invalid("subdomain", $"revision {request.Revision} exists for {string.Join(", ", subdomains)}: name one");
            }

            var restored = candidates[^1].Route!;
            var current = _store.Current?.Find(restored.Name)?.Definition;
            if (caughtUp && current is not null && RouteFileWriter.SameContent(current, restored with { Revision = current.Revision }))
            {
                return Unchanged("rollback", current, request.Reason, request.Actor);
            }

            return await ApplyAsync("rollback", current, restored with { Revision = NextRevision() }, request.Reason, request.Actor, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A request for the state the route already has. Nothing is written, recorded or published (in a fleet nothing
    /// is committed either): a no-op in the history, the webhooks and the revisions would be noise in the audit trail,
    /// and answering it as a success lets a script ensure a state, as the dashboard, whose button stays disabled, does.
    /// </summary>
    private RouteAdminResult Unchanged(string action, RouteDefinition current, string reason, string actor)
    {
        RouteAdminLog.Unchanged(_logger, current.Name, actor, current.ModeText, current.Revision, action);
        return RouteAdminResult.Unchanged(new RouteChange
        {
            At = _time.GetUtcNow(), Actor = actor, Reason = reason, Action = action, Subdomain = current.Name,
            From = current.ModeText, To = current.ModeText, FromRevision = current.Revision, Revision = current.Revision,
            Route = current,
        });
    }

    /// <summary>
    /// In a fleet, reads the store's state and history before a change is decided. The replica hears of another's commit
    /// a few milliseconds to a keep-alive later, and a change decided on the state it last heard of lost the
    /// compare-and-set: measured with three replicas behind a rotation, 3 of 30 flips made one after another, each
    /// answered before the next was sent, got 409 "the fleet's route state moved" though nobody else was changing
    /// anything. Now only changes that are truly concurrent conflict, as on a single gateway. A store that cannot be
    /// read is left to the commit, which answers 503 with the reason. False then: the state this replica serves may be
    /// behind the fleet's, so it cannot tell that a change is a no-op (a cut-off replica still at legacy would answer
    /// "already legacy" while the fleet is at new).
    /// </summary>
    // A replica that never reached the store answered a flip 404 "no sub-domain named 'customers'": the sub-domain
    // exists, in the store it cannot read. As for a replica that lost the store, it is the store that failed: 503.
    private static RouteAdminResult StoreUnreachableWithNoTable() => new()
    {
        Outcome = RouteAdminOutcome.Unavailable,
        Errors = [new("", "store", "the fleet's route store cannot be reached and this replica has not read a route table from it yet, so nothing changed: make the change through another replica, or when the store answers")],
    };

    private async Task<bool> CatchUpWithTheFleetAsync(CancellationToken cancellationToken)
    {
        if (_fleet is null)
        {
            return true;
        }

        try
        {
            await _fleet.CatchUpAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or TimeoutException or InvalidOperationException)
        {
            _fleet.MarkFailed(ex);
            return false;
        }
    }

    /// <summary>Re-reads the routes directory: a valid directory replaces the table (recording what changed on disk),
    /// an invalid one is rejected whole and the previous table keeps serving.</summary>
    internal async Task<bool> ReloadFromDiskAsync(CancellationToken cancellationToken = default)
    {
        if (_fleet is not null)
        {
            return false;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var result = RouteValidator.LoadDirectory(_options.RoutesDirectory);
            if (!result.IsValid)
            {
                var errors = string.Join("; ", result.Errors);
                if (_store.Current is null && Directory.Exists(_options.RoutesDirectory) && RecordedTable() is { } recorded)
                {
                    // A restart must not turn one bad hand edit into an outage of every path: what was serving when the
                    // gateway stopped is the last state the history recorded for each sub-domain.
                    _store.Publish(recorded);
                    RouteAdminLog.ServingRecordedRoutes(_logger, errors, recorded.Routes.Count, _options.EffectiveHistoryFile);
                }
                else if (_store.Current is null)
                {
                    RouteAdminLog.NothingToServe(_logger, errors);
                }
                else
                {
                    GatewayLog.RoutesRejected(_logger, errors);
                }

                _store.Reject(new RouteLoadFailure { At = _time.GetUtcNow(), Errors = result.Errors });
                return false;
            }

            var routes = RouteChanges.Renumber(_store.Current, result.Routes, _history.All(), NextRevision());
            foreach (var change in RouteChanges.DiffFromDisk(_store.Current, routes, _history.All(), _time.GetUtcNow()))
            {
                AppendHistory(change);
            }

            _store.Publish(new RouteTable(routes, _time.GetUtcNow()));
            GatewayLog.RoutesLoaded(_logger, result.Routes.Count, _options.RoutesDirectory);
            foreach (var route in _claims.Unread(result.Routes))
            {
                RouteAdminLog.ClaimNeverRead(_logger, route.Name, route.UserKey!.Name);
            }
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The last state the history recorded for each sub-domain still present, or null when there is none or
    /// it is not a valid table.</summary>
    private RouteTable? RecordedTable()
    {
        var routes = RouteChanges.LastRecorded(_history.All()).Values.ToList();
        return routes.Count > 0 && RouteValidator.Validate(routes).Count == 0 ? new RouteTable(routes, _time.GetUtcNow()) : null;
    }

    private async Task<RouteAdminResult> ApplyAsync(string action, RouteDefinition? current, RouteDefinition updated, string reason,
        string actor, CancellationToken cancellationToken)
    {
        var routes = (_store.Current?.Routes ?? []).Where(r => r.Name != updated.Name).Append(updated).ToList();
        var errors = RouteValidator.Validate(routes);
        if (errors.Count > 0)
        {
            return new RouteAdminResult { Outcome = RouteAdminOutcome.Invalid, Errors = errors };
        }

        if (_fleet is not null)
        {
            if (_ownership is not null && FleetWrites.Refusal(_fleet, _ownership) is { } refused)
            {
                return new RouteAdminResult { Outcome = RouteAdminOutcome.ReplicaRefused, Errors = [new("", "replica", refused)] };
            }

            return await FleetCommit.ApplyAsync(_fleet, action, current, updated, routes, reason, actor, _time, _logger, cancellationToken);
        }

        var kept = KeepUnservedEdit(action, current, updated.Name);

        // Order matters: the file (the truth) first, then the history, then serving; a crash in between leaves
        // the file ahead, and the next reload records and serves it.
        try
        {
            RouteFileWriter.WriteAtomically(_options.RoutesDirectory, updated);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new RouteAdminResult
            {
                Outcome = RouteAdminOutcome.WriteFailed,
                Errors = [new(updated.Name + ".json", "", $"cannot be written ({ex.Message}); the routes directory is read-only (e.g. a ConfigMap) and no shared route store is configured ({FleetOptions.SectionName}:Store): change the route file where it comes from (Git), or run the gateways as a fleet with a store and use `strangler routes apply`")],
            };
        }

        var change = new RouteChange
        {
            At = _time.GetUtcNow(), Actor = actor, Reason = kept is null ? reason : $"{reason} [{kept}]", Action = action,
            Subdomain = updated.Name,
            From = current?.ModeText, To = updated.ModeText, FromRevision = current?.Revision, Revision = updated.Revision,
            Route = updated,
        };
        AppendHistory(change);
        _store.Publish(new RouteTable(routes, _time.GetUtcNow()));
        GatewayLog.RouteChanged(_logger, updated.Name, actor, change.From ?? "(none)", change.To!, updated.Revision, change.Reason);
        return new RouteAdminResult { Outcome = RouteAdminOutcome.Applied, Change = change };
    }

    // The note for the history (and so for the flip's answer and the CLI's line), or null when the file on disk is
    // what serves. Never blocks the change: a directory that refuses the copy almost always refuses the route file too,
    // which fails the change with the usual error before anything is lost; otherwise the note says it was not kept.
    private string? KeepUnservedEdit(string action, RouteDefinition? current, string name)
    {
        var file = name + ".json";
        try
        {
            if (UnservedEdit.Keep(_options.RoutesDirectory, name, current) is not { } copy)
            {
                return null;
            }

            var rejected = _store.LastFailure?.Errors.Where(e => e.File == file).Select(e => e.ToString()).ToList() ?? [];
            RouteAdminLog.UnservedEditKept(_logger, file, rejected.Count > 0 ? "rejected: " + string.Join("; ", rejected) : "not loaded",
                copy, action, name);
            return $"{file} on disk held an edit the gateway was not serving; it is kept as {copy}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            RouteAdminLog.UnservedEditNotKept(_logger, file, action, name, ex);
            return $"{file} on disk may have held an edit the gateway was not serving, and it could not be kept ({ex.Message})";
        }
    }

    // The file is the truth and already written: a history that cannot be written (read-only mount, full disk)
    // is logged, not allowed to undo the change or to stop the gateway from serving.
    private void AppendHistory(RouteChange change)
    {
        try
        {
            _history.Append(change);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            GatewayLog.HistoryNotRecorded(_logger, change.Subdomain, _options.EffectiveHistoryFile, ex);
        }
    }

    // Revisions are global and only grow, so "revision 12" names one moment even across sub-domains.
    private long NextRevision() =>
        Math.Max(
            Math.Max(_store.Current?.Routes.Select(r => r.Revision).DefaultIfEmpty().Max() ?? 0, _fleet?.ServedRevision ?? 0),
            AllHistory().Select(c => Math.Max(c.Revision ?? 0, c.FromRevision ?? 0)).DefaultIfEmpty().Max()) + 1;

    private IReadOnlyList<RouteChange> AllHistory() => _fleet?.History ?? _history.All();
}
