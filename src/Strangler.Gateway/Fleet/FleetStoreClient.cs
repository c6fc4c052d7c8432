using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The fleet's shared route store as ops tools see it (<c>strangler routes apply | export | replicas</c>): push a
/// validated set of route files as the fleet's new state, write the state back out as files, list the replicas.
/// </summary>
public sealed class FleetStoreClient
{
    private const int Attempts = 3;
    private const string ApplyAction = "apply";
    private readonly RouteStateStore _store;
    private readonly TimeProvider _time;

    /// <summary>A client for the store <paramref name="store"/> (<c>postgres</c> or <c>sqlserver</c>).</summary>
    /// <exception cref="ArgumentException">An unknown store kind.</exception>
    public FleetStoreClient(string store, string connectionString, TimeProvider? time = null)
    {
        var provider = SqlDialects.ParseProvider(store);
        if (provider == LegacyProvider.Sqlite)
        {
            throw new ArgumentException("The fleet store runs on postgres or sqlserver, not sqlite.", nameof(store));
        }

        _store = new RouteStateStore(provider, connectionString);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Makes <paramref name="routes"/> (already validated, e.g. by <see cref="RouteValidator.LoadDirectory"/>) the
    /// fleet's route state: routes whose content differs get one new revision, routes missing are removed, every
    /// change goes into the history with <paramref name="reason"/>. The files are the desired state, so a flip made
    /// meanwhile is overwritten (recorded as such, and named in <see cref="FleetApplyResult.Undone"/>); nothing is
    /// written when nothing differs.
    /// </summary>
    public async Task<FleetApplyResult> ApplyAsync(IReadOnlyList<RouteDefinition> routes, string reason, string actor,
        CancellationToken cancellationToken = default)
    {
        // The admin API's checks on who and why: this path writes the history without passing through it.
        if (RouteChanges.CheckWho(reason, actor) is { Count: > 0 } who)
        {
            throw new ArgumentException(string.Join("; ", who.Select(e => $"{e.Field}: {e.Message}")));
        }

        Validate(routes);
        for (var attempt = 1; ; attempt++)
        {
            var current = await _store.LoadAsync(cancellationToken);
            var now = _time.GetUtcNow();
            var (next, changes) = Plan(current, routes, now, reason, actor);
            if (changes.Count == 0)
            {
                return new FleetApplyResult { Revision = current.Revision, Changes = [] };
            }

            // Read before the commit, on the state the commit replaces: afterwards the history's last entry is the apply.
            var undone = await UndoneAsync(current, changes, cancellationToken);
            var commit = await _store.TryCommitAsync(current.Revision, new RouteState { Revision = current.Revision + 1, Routes = next, UpdatedAt = now },
                changes, cancellationToken);
            if (commit.Committed)
            {
                return new FleetApplyResult { Revision = current.Revision + 1, Changes = changes, Undone = undone };
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"the route state kept changing under the apply ({Attempts} attempts); retry");
            }
        }
    }

    /// <summary>
    /// What <see cref="ApplyAsync"/> would do with <paramref name="routes"/> now, writing nothing: the changes it would
    /// record (without actor or reason), the changes made through a replica that it would undo, and the store's
    /// revision as it is (an apply would write the next one).
    /// </summary>
    public async Task<FleetApplyResult> PlanApplyAsync(IReadOnlyList<RouteDefinition> routes, CancellationToken cancellationToken = default)
    {
        Validate(routes);
        var current = await _store.LoadAsync(cancellationToken);
        var (_, changes) = Plan(current, routes, _time.GetUtcNow(), reason: "", actor: "");
        return new FleetApplyResult
        {
            Revision = current.Revision, Changes = changes,
            Undone = changes.Count == 0 ? [] : await UndoneAsync(current, changes, cancellationToken),
        };
    }

    private static void Validate(IReadOnlyList<RouteDefinition> routes)
    {
        var errors = RouteValidator.Validate(routes);
        if (errors.Count > 0)
        {
            throw new ArgumentException("The routes are invalid: " + string.Join("; ", errors), nameof(routes));
        }
    }

    private static (List<RouteDefinition> Next, List<RouteChange> Changes) Plan(RouteState current, IReadOnlyList<RouteDefinition> routes,
        DateTimeOffset now, string reason, string actor)
    {
        var revision = current.Revision + 1;
        var before = current.Routes.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var next = routes.Select(r => before.TryGetValue(r.Name, out var old) && RouteFileWriter.SameContent(old, r with { Revision = old.Revision })
            ? old
            : r with { Revision = revision }).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var changes = RouteChanges.DiffFromDisk(new Routing.RouteTable(current.Routes, now), next, [], now)
            .Select(c => c with { Actor = actor, Action = ApplyAction, Reason = reason, Revision = c.Revision ?? revision })
            .ToList();
        return (next, changes);
    }

    // Each route the apply replaces or removes whose last history entry is a change made through a replica (a flip, a
    // rollback, a rollout step), not an apply nor the seeding from files: the route files do not carry it, so it would
    // be lost. A route's revision is that of its last change, so only the entries of those revisions are read: before,
    // the history from the oldest of them, so a route unchanged since revision 1 made every apply read the whole log.
    private async Task<IReadOnlyList<RouteChange>> UndoneAsync(RouteState current, IReadOnlyList<RouteChange> changes,
        CancellationToken cancellationToken)
    {
        var changed = changes.Select(c => c.Subdomain).ToHashSet(StringComparer.Ordinal);
        var replaced = current.Routes.Where(r => changed.Contains(r.Name)).ToList();
        if (replaced.Count == 0)
        {
            return [];
        }

        var history = await _store.ReadHistoryOfRevisionsAsync(replaced.Select(r => r.Revision).ToHashSet(), cancellationToken);
        return replaced
            .Select(r => history.LastOrDefault(e => e.Change is { } c && c.Subdomain == r.Name && c.Revision == r.Revision)?.Change)
            .OfType<RouteChange>()
            .Where(c => c.Action is not (ApplyAction or RouteChanges.FileAction))
            .ToList();
    }

    /// <summary>
    /// Writes the fleet's routes into <paramref name="directory"/>, one <c>&lt;subdomain&gt;.json</c> each, in the
    /// format <c>strangler routes apply</c> reads, and removes route files of sub-domains the state no longer has.
    /// </summary>
    public async Task<FleetExportResult> ExportAsync(string directory, CancellationToken cancellationToken = default)
    {
        var state = await _store.LoadAsync(cancellationToken);
        Directory.CreateDirectory(directory);
        foreach (var route in state.Routes)
        {
            RouteFileWriter.WriteAtomically(directory, route);
        }

        var keep = state.Routes.Select(r => r.Name + ".json").ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (var file in Directory.GetFiles(directory, "*.json"))
        {
            if (!keep.Contains(Path.GetFileName(file)))
            {
                File.Delete(file);
                removed.Add(Path.GetFileName(file));
            }
        }

        return new FleetExportResult { Revision = state.Revision, Routes = state.Routes, Removed = removed };
    }

    /// <summary>The store's revision and every replica's last heartbeat.</summary>
    public async Task<FleetReplicasReport> ReplicasAsync(CancellationToken cancellationToken = default) => new()
    {
        Revision = await _store.ReadRevisionAsync(cancellationToken),
        Replicas = await _store.ReadReplicasAsync(cancellationToken),
    };
}
