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
    /// meanwhile is overwritten (and recorded as such); nothing is written when nothing differs.
    /// </summary>
    public async Task<FleetApplyResult> ApplyAsync(IReadOnlyList<RouteDefinition> routes, string reason, string actor,
        CancellationToken cancellationToken = default)
    {
        // The admin API's checks on who and why: this path writes the history without passing through it.
        if (RouteChanges.CheckWho(reason, actor) is { Count: > 0 } who)
        {
            throw new ArgumentException(string.Join("; ", who.Select(e => $"{e.Field}: {e.Message}")));
        }

        var errors = RouteValidator.Validate(routes);
        if (errors.Count > 0)
        {
            throw new ArgumentException("The routes are invalid: " + string.Join("; ", errors), nameof(routes));
        }

        for (var attempt = 1; ; attempt++)
        {
            var current = await _store.LoadAsync(cancellationToken);
            var now = _time.GetUtcNow();
            var revision = current.Revision + 1;
            var before = current.Routes.ToDictionary(r => r.Name, StringComparer.Ordinal);
            var next = routes.Select(r => before.TryGetValue(r.Name, out var old) && RouteFileWriter.SameContent(old, r with { Revision = old.Revision })
                ? old
                : r with { Revision = revision }).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            var changes = RouteChanges.DiffFromDisk(new Routing.RouteTable(current.Routes, now), next, [], now)
                .Select(c => c with { Actor = actor, Action = "apply", Reason = reason, Revision = c.Revision ?? revision })
                .ToList();
            if (changes.Count == 0)
            {
                return new FleetApplyResult { Revision = current.Revision, Changes = [] };
            }

            var commit = await _store.TryCommitAsync(current.Revision, new RouteState { Revision = revision, Routes = next, UpdatedAt = now },
                changes, cancellationToken);
            if (commit.Committed)
            {
                return new FleetApplyResult { Revision = revision, Changes = changes };
            }

            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"the route state kept changing under the apply ({Attempts} attempts); retry");
            }
        }
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
