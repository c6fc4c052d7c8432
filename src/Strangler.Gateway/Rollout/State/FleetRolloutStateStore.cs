using System.Collections.Immutable;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.FleetGates;
using Strangler.Json;

namespace Strangler.Gateway.Rollout.State;

/// <summary>
/// A fleet's rollout states, one row per sub-domain in the fleet's store beside the route state, so every replica
/// reads the same rollout, any replica can take a command, and the <c>rollout</c> lease's next holder carries on from
/// the step the last one reached. Writes are compare-and-set on the row's version. Reads are served from a snapshot
/// that the caller refreshes: the controller before it acts (always), the API and dashboard when it is older than a
/// second, so a burst of page loads costs one query a second per replica rather than one per request.
/// </summary>
internal sealed class FleetRolloutStateStore : IRolloutStateStore
{
    private readonly RouteStateStore _store;
    private readonly FleetRolloutStatements _sql;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private ImmutableSortedDictionary<string, RolloutState> _states = ImmutableSortedDictionary.Create<string, RolloutState>(StringComparer.Ordinal);
    private const long NeverRead = long.MinValue;
    private long _readAt = NeverRead;
    private volatile string? _unavailable;

    public FleetRolloutStateStore(RouteStateStore store, TimeProvider time, ILogger<FleetRolloutStateStore> logger)
    {
        (_store, _sql, _time, _logger) = (store, FleetRolloutStatements.For(store.Provider), time, logger);
    }

    public string? Unavailable => _unavailable;

    public RolloutState? Get(string subdomain) => _states.GetValueOrDefault(subdomain);

    public IReadOnlyList<RolloutState> All() => [.. _states.Values];

    public async Task RefreshAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var asked = _time.GetTimestamp();
        var readAt = Interlocked.Read(ref _readAt);
        if (maxAge > TimeSpan.Zero && readAt != NeverRead && _time.GetElapsedTime(readAt) < maxAge)
        {
            return;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Someone else's read began after this caller asked, while it waited: that answer is as fresh as its own.
            if (Interlocked.Read(ref _readAt) >= asked)
            {
                return;
            }

            var began = _time.GetTimestamp();
            var read = await GuardAsync(() => ReadAllAsync(cancellationToken), "read");
            ImmutableInterlocked.Update(ref _states, current => read.Aggregate(current, (merged, row) => Newer(merged, row.Value)));
            Interlocked.Exchange(ref _readAt, began);
        }
        finally
        {
            _refresh.Release();
        }
    }

    public async Task<RolloutState?> TrySaveAsync(RolloutState state, CancellationToken cancellationToken)
    {
        // Stamped as it is written, not when the controller began deciding (an evaluation may take seconds, an http gate
        // up to its timeout): readers take the writer's clock from it (OnThisClock), and a stale stamp would read as a
        // clock behind.
        var written = state with { Version = state.Version + 1, UpdatedAt = _time.GetUtcNow() };
        var won = await GuardAsync(async () =>
        {
            await using var connection = await _store.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = state.Version == 0 ? _sql.Insert : _sql.Update;
            Add(command, "subdomain", state.Subdomain);
            Add(command, "state", JsonSerializer.Serialize(written, RolloutJson.Compact));
            if (state.Version > 0)
            {
                Add(command, "version", state.Version);
            }

            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, "write");
        if (won)
        {
            Remember(written);
            return written;
        }

        // Lost to another writer: read what it wrote, so the caller decides again on the state that is there.
        await RefreshAsync(TimeSpan.Zero, cancellationToken);
        return null;
    }

    private void Remember(RolloutState written) => ImmutableInterlocked.Update(ref _states, current => Newer(current, written));

    // A read that began before a write landed must not hide it, nor a write a newer state read meanwhile. Rows are
    // never deleted, so keeping the higher version of each is the store's state.
    private static ImmutableSortedDictionary<string, RolloutState> Newer(ImmutableSortedDictionary<string, RolloutState> states,
        RolloutState state) =>
        states.TryGetValue(state.Subdomain, out var existing) && existing.Version >= state.Version ? states : states.SetItem(state.Subdomain, state);

    private async Task<ImmutableSortedDictionary<string, RolloutState>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = _sql.ReadAll;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = ImmutableSortedDictionary.CreateBuilder<string, RolloutState>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var subdomain = reader.GetString(0);
            var json = reader.GetString(2);
            try
            {
                var state = StoredJson.Deserialize<RolloutState>(json, RolloutJson.Compact);
                if (state is null || state.Subdomain != subdomain)
                {
                    throw new InvalidDataException($"'subdomain' must equal the row's key '{subdomain}'");
                }

                // The column is the version that counts: the one a compare-and-set compares with.
                var age = TimeSpan.FromMilliseconds(Math.Max(0, reader.GetInt64(3)));
                states[subdomain] = OnThisClock(state, ClockOffset.Of(state.UpdatedAt, age, _time.GetUtcNow())) with { Version = reader.GetInt64(1) };
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException)
            {
                // Not acted on, as with an unreadable file: starting the rollout again replaces the row.
                RolloutLog.StateUnreadable(_logger, $"strangler_rollout_state[{subdomain}]",
                    ex is JsonException error ? "invalid JSON " + JsonErrorPosition.Describe(json, error) : ex.Message);
            }
        }

        return states.ToImmutable();
    }

    // The state's times are its writer's clock: the holder that last stepped it, or the replica that took a command.
    // The next holder judges the bake and the next evaluation against its own clock, so one running two minutes ahead
    // promoted a step two minutes early after a handover. Moved by the writer's offset (read as the gates read a
    // replica's, from the time the writer put in the state and the row's age on the store's clock), the times read as
    // this replica's clock would have written them. A clock more than a day off is left as written: its times cannot
    // be dated either way.
    private static RolloutState OnThisClock(RolloutState state, TimeSpan offset) =>
        offset == TimeSpan.Zero || offset.Duration() > ClockOffset.Max ? state : state with
        {
            StartedAt = state.StartedAt - offset,
            StepStartedAt = state.StepStartedAt - offset,
            NextEvaluationAt = state.NextEvaluationAt - offset,
            UpdatedAt = state.UpdatedAt - offset,
            Evaluations = [.. state.Evaluations.Select(e => e with { At = e.At - offset })],
        };

    private async Task<T> GuardAsync<T>(Func<Task<T>> operation, string what)
    {
        try
        {
            var result = await operation();
            if (_unavailable is not null)
            {
                _unavailable = null;
                RolloutLog.StoreBack(_logger);
            }

            return result;
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException)
        {
            // A reachable store that was never migrated answers 42P01 too: the cure is a command, not a wait.
            var message = ex is DbException db && FleetStoreSchema.IsBehind(db)
                ? $"the fleet's store has no rollout state table or column this gateway needs ({ex.Message.ReplaceLineEndings(" ")}): " +
                    "run `strangler migrate` against it (the same connection string)"
                : $"the fleet's store cannot be reached to {what} rollout state ({ex.GetType().Name}: {ex.Message})";
            if (_unavailable is null)
            {
                RolloutLog.StoreUnavailable(_logger, message);
            }

            _unavailable = message;
            throw new RolloutStoreUnavailableException(message, ex);
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
