using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// This replica's view of the fleet's route state: which revision it serves, where from, how fresh, and the fleet's
/// history log. Every table that comes from the store passes through <see cref="Serve"/>, which never goes back to
/// an older revision, so a slow read cannot undo a newer flip that arrived first.
/// </summary>
internal sealed class FleetRouteState
{
    // A replica back from a long outage may pass over hundreds of revisions: the last ones are listed, the others counted.
    private const int MaxPassedOverLines = 20;

    private readonly FleetOptions _options;
    private readonly RouteTableStore _tables;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private readonly RouteStateStore? _store;
    private List<RouteChange> _history = [];
    private long _historySequence;
    private long _servedRevision = -1;
    private long _storeRevision = -1;
    private DateTimeOffset? _lastSync;
    private string? _storeError;
    private string? _storeErrorKind;
    private bool _storeNotMigrated;
    private string _source = "none";
    private TaskCompletionSource _nextServed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FleetRouteState(IOptions<FleetOptions> options, RouteTableStore tables, TimeProvider time, IMeterFactory meters,
        ILogger<FleetRouteState> logger)
    {
        (_options, _tables, _time, _logger) = (options.Value, tables, time, logger);
        if (!_options.Enabled)
        {
            return;
        }

        _store = RouteStateStore.From(_options);
        meters.Create(GatewayInstruments.MeterName).CreateObservableGauge("strangler.gateway.route_state_age", ObserveAge, "s",
            "Seconds since this replica last confirmed its route state with the fleet's store (grows while the store is unreachable).");
        // Both, so that one replica can say it is behind on its own (store above served: a state it rejected, a catch-up
        // that keeps failing), and so that the fleet's replicas can be compared with one another.
        meters.Create(GatewayInstruments.MeterName).CreateObservableGauge(GatewayInstruments.RouteRevisionServed,
            () => ObserveRevision(ServedRevision), "{revision}", "The fleet route state revision this replica serves.");
        meters.Create(GatewayInstruments.MeterName).CreateObservableGauge(GatewayInstruments.RouteRevisionSeen,
            () => ObserveRevision(StoreRevision), "{revision}", "The newest route state revision this replica has seen in the fleet's store.");
    }

    public bool Enabled => _store is not null;

    public FleetOptions Options => _options;

    /// <summary>The shared store; only when <see cref="Enabled"/>.</summary>
    public RouteStateStore Store => _store ?? throw new InvalidOperationException("No fleet store is configured.");

    /// <summary>The revision being served; -1 before any.</summary>
    public long ServedRevision => Interlocked.Read(ref _servedRevision);

    /// <summary>The newest revision this replica has read in the store (or committed to it); -1 before any.</summary>
    public long StoreRevision => Interlocked.Read(ref _storeRevision);

    /// <summary>Records a revision read in the store; the figure only grows, so a slow read cannot lower it.</summary>
    public void NoteStoreRevision(long revision)
    {
        var seen = Interlocked.Read(ref _storeRevision);
        while (revision > seen)
        {
            var was = Interlocked.CompareExchange(ref _storeRevision, revision, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>When this replica last confirmed its state is the store's; null if it never reached the store.</summary>
    public DateTimeOffset? LastSync
    {
        get
        {
            lock (_lock)
            {
                return _lastSync;
            }
        }
    }

    /// <summary>Why the store is unreachable now; null while it answers.</summary>
    public string? StoreError
    {
        get
        {
            lock (_lock)
            {
                return _storeError;
            }
        }
    }

    /// <summary>
    /// <see cref="StoreError"/> as <c>/readyz</c> shows it to anyone who asks: the gateway's own words (a deadline) as
    /// they are, a driver's error by its type and SQL state only. The driver's text names the store's host, port, user
    /// or database (<c>28P01: password authentication failed for user "strangler"</c>); the log keeps it whole.
    /// </summary>
    public string? StoreErrorKind
    {
        get
        {
            lock (_lock)
            {
                return _storeErrorKind;
            }
        }
    }

    /// <summary>
    /// Whether <see cref="StoreError"/> is a store that answers but lacks the fleet's tables or columns
    /// (<see cref="FleetStoreSchema"/>): not unreachable, and nothing but <c>strangler migrate</c> will mend it.
    /// </summary>
    public bool StoreNotMigrated
    {
        get
        {
            lock (_lock)
            {
                return _storeNotMigrated;
            }
        }
    }

    /// <summary>Where the served state came from: <c>store</c>, <c>cache</c> or <c>none</c>.</summary>
    public string Source
    {
        get
        {
            lock (_lock)
            {
                return _source;
            }
        }
    }

    /// <summary>Seconds since the last confirmation with the store; null if never.</summary>
    public double? AgeSeconds => LastSync is { } at ? Math.Max(0, (_time.GetUtcNow() - at).TotalSeconds) : null;

    /// <summary>The fleet's history as far as this replica has read it, oldest first.</summary>
    public IReadOnlyList<RouteChange> History
    {
        get
        {
            lock (_lock)
            {
                return _history;
            }
        }
    }

    /// <summary>Completes when this replica next serves a newer revision than the one it serves now.</summary>
    public Task NextServed
    {
        get
        {
            lock (_lock)
            {
                return _nextServed.Task;
            }
        }
    }

    /// <summary>
    /// Shows why this replica serves no routes from the fleet (the store empty because the routes directory was not
    /// valid, or unreachable with nothing cached) where a single gateway shows its route files' errors:
    /// <c>lastLoadError</c> of the routes API, <c>strangler routes list</c>, the dashboard, and the 503 of a request
    /// with no table to route it. Cleared by the next state served.
    /// </summary>
    public void NoteNotServed(RouteLoadFailure failure) => _tables.Reject(failure);

    /// <summary>Serves <paramref name="state"/> if it is newer than the served one; returns whether it did.</summary>
    public bool Serve(RouteState state, string source)
    {
        long was;
        List<RouteChange> taken;
        lock (_lock)
        {
            if (state.Revision <= _servedRevision)
            {
                return false;
            }

            was = _servedRevision;
            taken = was < 0 ? [] : ChangesAfter(was, state.Revision);

            if (source != "cache")
            {
                NoteStoreRevision(state.Revision);
            }

            _tables.Publish(new RouteTable(state.Routes, _time.GetUtcNow()));
            Interlocked.Exchange(ref _servedRevision, state.Revision);
            _source = source;
            _nextServed.TrySetResult();
            _nextServed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        LogServed(state, source, was, taken);
        if (source != "cache")
        {
            try
            {
                RouteStateCache.Write(_options.EffectiveCacheFile, state);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                FleetLog.CacheNotWritten(_logger, _options.EffectiveCacheFile, ex);
            }
        }

        return true;
    }

    // The history entries of revisions after `was` up to `revision`, oldest first. The log is in commit order, so the
    // search stops at the first older entry instead of reading a long history whole at every revision.
    private List<RouteChange> ChangesAfter(long was, long revision)
    {
        var changes = new List<RouteChange>();
        for (var i = _history.Count - 1; i >= 0; i--)
        {
            var at = _history[i].Revision;
            if (at <= was)
            {
                break;
            }

            if (at <= revision)
            {
                changes.Add(_history[i]);
            }
        }

        changes.Reverse();
        return changes;
    }

    // One line per revision: what it changed, from what to what, by whom and why, from the fleet's history. A replica
    // that catches up over several revisions serves only the last; the ones in between are said passed over (at most
    // MaxPassedOverLines, the rest counted). A revision this replica committed itself, or took before reading its
    // history entry, says no more than its number: the commit wrote its own line (RouteChanged).
    private void LogServed(RouteState state, string source, long was, List<RouteChange> taken)
    {
        var byRevision = taken.GroupBy(c => c.Revision!.Value).ToList();
        var passedOver = byRevision.Where(g => g.Key < state.Revision).ToList();
        if (passedOver.Count > MaxPassedOverLines)
        {
            var unlisted = passedOver[..^MaxPassedOverLines];
            FleetLog.RevisionsPassedOver(_logger, unlisted[0].Key, unlisted[^1].Key, state.Revision, unlisted.Count);
            passedOver = passedOver[^MaxPassedOverLines..];
        }

        foreach (var revision in passedOver)
        {
            FleetLog.RevisionPassedOver(_logger, revision.Key, state.Revision, TakenChangesText.Describe(revision));
        }

        if (byRevision.FirstOrDefault(g => g.Key == state.Revision) is { } served)
        {
            FleetLog.StateServedWithChanges(_logger, state.Revision, state.Routes.Count, source, TakenChangesText.Describe(served));
        }
        else
        {
            FleetLog.StateServed(_logger, state.Revision, state.Routes.Count, source);
        }
    }

    /// <summary>Reads the store's state and the history entries not seen yet, and serves the state if newer.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await _catchUp.WaitAsync(cancellationToken);
        try
        {
            RouteState state;
            try
            {
                state = await Store.LoadAsync(cancellationToken);
                NoteStoreRevision(state.Revision);
            }
            catch (InvalidDataException ex)
            {
                // Reachable but invalid (hand-edited): keep the last good table, as with a bad route file.
                FleetLog.StateRejected(_logger, ex.Message);
                MarkSynced();
                return;
            }

            var entries = await Store.ReadHistoryAsync(_historySequence, cancellationToken);
            foreach (var skipped in entries.Where(e => e.Change is null))
            {
                FleetLog.HistoryEntrySkipped(_logger, skipped.Sequence, skipped.Problem!);
            }

            if (entries.Count > 0)
            {
                lock (_lock)
                {
                    _history = [.. _history, .. entries.Where(e => e.Change is not null).Select(e => e.Change!)];
                    _historySequence = entries[^1].Sequence;
                }
            }

            Serve(state, "store");
            MarkSynced();
        }
        finally
        {
            _catchUp.Release();
        }
    }

    public void MarkSynced()
    {
        string? was;
        lock (_lock)
        {
            was = _storeError;
            _storeError = null;
            _storeErrorKind = null;
            _storeNotMigrated = false;
            _lastSync = _time.GetUtcNow();
        }

        if (was is not null)
        {
            FleetLog.StoreBack(_logger, ServedRevision);
        }
    }

    private static string KindOf(Exception exception) => exception switch
    {
        TimeoutException => exception.Message.ReplaceLineEndings(" "),
        // Its type name (FleetStoreBehindException) told an operator nothing; what to do is said by /readyz's prefix
        // (StoreNotMigrated), and nothing here is the driver's connection detail.
        _ when FleetStoreSchema.IsBehindError(exception) =>
            "it lacks tables or columns this gateway needs: never migrated, or not since an upgrade; the log has the driver's message",
        System.Data.Common.DbException { SqlState: { Length: > 0 } state } => $"{exception.GetType().Name} {state}; the log has the driver's message",
        _ => $"{exception.GetType().Name}; the log has the driver's message",
    };

    public void MarkFailed(Exception exception)
    {
        string? was;
        var message = exception.Message.ReplaceLineEndings(" ");
        lock (_lock)
        {
            was = _storeError;
            _storeError = message;
            _storeErrorKind = KindOf(exception);
            _storeNotMigrated = FleetStoreSchema.IsBehindError(exception);
        }

        if (was is null && ServedRevision < 0)
        {
            FleetLog.StoreLostBeforeAnyState(_logger, StoreTrouble, message);
        }
        else if (was is null)
        {
            FleetLog.StoreLost(_logger, StoreTrouble, message, ServedRevision);
        }
    }

    /// <summary>
    /// What the log says of the store while it fails: a store that answers without the fleet's tables was logged as
    /// "unreachable", which sent operators to the network when the cure is one command.
    /// </summary>
    public string StoreTrouble => StoreNotMigrated ? "not migrated (run strangler migrate against it)" : "unreachable";

    private static IEnumerable<Measurement<long>> ObserveRevision(long revision) =>
        revision >= 0 ? [new Measurement<long>(revision)] : [];

    private IEnumerable<Measurement<double>> ObserveAge() =>
        AgeSeconds is { } age ? [new Measurement<double>(age)] : [];
}
