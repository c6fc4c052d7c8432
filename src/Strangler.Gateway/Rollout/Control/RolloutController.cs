using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.Notifications;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Routing;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Rollout.Control;

/// <summary>
/// Runs progressive cutovers: people start, pause, resume and abort them; <see cref="TickAsync"/> evaluates the
/// running ones on schedule and promotes, holds or rolls back. Every change of traffic is an ordinary flip through
/// <see cref="RouteAdmin"/> (route file, history, serving table), with the evidence in its reason. One operation runs
/// at a time in this gateway, so a command and an evaluation never interleave; in a fleet, where any replica takes
/// commands and the <c>rollout</c> lease holder evaluates, every write is a compare-and-set on the state's version in
/// the fleet's store, and each side re-reads and decides again when the other got there first.
/// </summary>
internal sealed partial class RolloutController
{
    /// <summary>The actor recorded in the route history for the controller's own flips.</summary>
    public const string Actor = "rollout";

    /// <summary>How stale the API's and dashboard's reading of a fleet's rollout states may be; the controller itself
    /// always reads afresh before it acts.</summary>
    internal static readonly TimeSpan ReadCacheAge = TimeSpan.FromSeconds(1);

    // A command that lost a race re-reads and is decided again; a third loss in a row means the state is churning.
    private const int CommandAttempts = 3;
    /// <summary>The refusal of a start without a reason (empty or blank), naming the field.</summary>
    internal const string MissingStartReason =
        "reason: is required to start a rollout: say why, it goes into the history with each flip the rollout makes";

    private static readonly RolloutCommandResult Lost = RolloutCommandResult.Conflict("lost to another writer");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RouteAdmin _admin;
    private readonly RouteTableStore _routes;
    private readonly IRolloutStateStore _states;
    private readonly FleetRouteState _fleet;
    private readonly RolloutEvaluator _evaluator;
    private readonly SyncGate _sync;
    private readonly RolloutNotifier _notifier;
    private readonly RolloutMetrics _metrics;
    private readonly IServiceProvider _services;
    private readonly RolloutOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HashSet<string> _warnedShadowOff = new(StringComparer.Ordinal);
    private long _ticks;

    internal RolloutController(RouteAdmin admin, RouteTableStore routes, IRolloutStateStore states, FleetRouteState fleet,
        RolloutEvaluator evaluator, SyncGate sync, RolloutNotifier notifier, RolloutMetrics metrics, IServiceProvider services,
        IOptions<RolloutOptions> options, TimeProvider time, ILogger<RolloutController> logger)
    {
        _fleet = fleet;
        (_admin, _routes, _states, _evaluator, _sync, _notifier, _metrics) = (admin, routes, states, evaluator, sync, notifier, metrics);
        (_services, _options, _time, _logger) = (services, options.Value, time, logger);
    }

    /// <summary>Ticks that read the states and acted on them (tests wait on it to see a tick happen after a command).</summary>
    internal long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>
    /// Brings the states <see cref="List"/> and <see cref="Status"/> show up to date (within <see cref="ReadCacheAge"/>);
    /// returns why they cannot be, when the fleet's store is unreachable.
    /// </summary>
    internal async Task<string?> RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _states.RefreshAsync(ReadCacheAge, cancellationToken);
            return null;
        }
        catch (RolloutStoreUnavailableException ex)
        {
            return $"rollout: {ex.Message}";
        }
    }

    /// <summary>Every sub-domain with a plan or a recorded rollout.</summary>
    public IReadOnlyList<RolloutView> List()
    {
        var names = (_routes.Current?.Routes ?? []).Where(r => r.Rollout is not null).Select(r => r.Name)
            .Concat(_states.All().Select(s => s.Subdomain)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. names.Select(View)];
    }

    /// <summary>One sub-domain's rollout; null when it has neither a route nor a recorded rollout.</summary>
    public RolloutView? Status(string subdomain) =>
        Route(subdomain) is null && _states.Get(subdomain) is null ? null : View(subdomain);

    /// <summary>Why <paramref name="subdomain"/> has no rollout to show: no such route, and which there are.</summary>
    public string NoRoute(string subdomain) => _admin.NoRoute(subdomain);

    /// <summary>Applies a person's command. <paramref name="actor"/> and <paramref name="reason"/> go into the history.</summary>
    public async Task<RolloutCommandResult> ExecuteAsync(RolloutCommand command, string subdomain, string actor, string? reason,
        CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Route(subdomain) is not { } route)
            {
                return RolloutCommandResult.NotFound("subdomain: " + _admin.NoRoute(subdomain));
            }

            if (route.Rollout is not { } plan)
            {
                return RolloutCommandResult.Invalid($"rollout: {subdomain}.json has no 'rollout' plan; add one (see README, Progressive cutover)");
            }

            // The same checks as a flip's: actor and reason go into the history, the log and the webhooks as they are.
            if (string.IsNullOrWhiteSpace(actor))
            {
                return RolloutCommandResult.Invalid($"actor: is required: who gives the command (at most {RouteChanges.MaxActor} characters)");
            }

            var bad = RouteChanges.CheckText(actor, "actor", RouteChanges.MaxActor)
                ?? (string.IsNullOrWhiteSpace(reason) ? null : RouteChanges.CheckText(reason, "reason", RouteChanges.MaxReason));
            if (bad is not null)
            {
                return RolloutCommandResult.Invalid($"{bad.Field}: {bad.Message}");
            }

            // A start hands the route to the controller for minutes or hours; whoever finds it moving must read why.
            if (command == RolloutCommand.Start && string.IsNullOrWhiteSpace(reason))
            {
                return RolloutCommandResult.Invalid(MissingStartReason);
            }

            var why = string.IsNullOrWhiteSpace(reason) ? "" : $": {reason.Trim()}";
            for (var attempt = 1; attempt <= CommandAttempts; attempt++)
            {
                // Decided on the store's state as it is now, not on what this replica last saw.
                await _states.RefreshAsync(TimeSpan.Zero, cancellationToken);
                var state = _states.Get(subdomain);
                var result = command switch
                {
                    RolloutCommand.Start => await StartAsync(route, plan, state, actor, why, cancellationToken),
                    RolloutCommand.Pause => await PauseAsync(route, state, actor, why, cancellationToken),
                    RolloutCommand.Resume => await ResumeAsync(route, plan, state, actor, why, cancellationToken),
                    _ => await AbortAsync(route, state, actor, why, cancellationToken),
                };
                if (!ReferenceEquals(result, Lost))
                {
                    return result;
                }
            }

            return RolloutCommandResult.Conflict(
                $"rollout: {subdomain}'s state kept changing on other replicas ({CommandAttempts} attempts); read it again and retry");
        }
        catch (RolloutStoreUnavailableException ex)
        {
            return RolloutCommandResult.Unavailable($"rollout: {ex.Message}; nothing more was changed");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// One pass over the running rollouts: a route whose mode is not the one the rollout set was flipped by a person,
    /// which pauses it; a rollout whose evaluation is due is evaluated and acted on.
    /// </summary>
    public async Task TickAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Never on what this replica last saw: another replica may have paused it, or held the lease before.
            await _states.RefreshAsync(TimeSpan.Zero, cancellationToken);
            foreach (var state in _states.All().Where(s => s.Status == RolloutStatus.Running))
            {
                if (await RouteAsSetAsync(state, cancellationToken) is { Rollout: { } plan } route && _time.GetUtcNow() >= state.NextEvaluationAt)
                {
                    await EvaluateAsync(route, plan, state, cancellationToken);
                }
            }

            Interlocked.Increment(ref _ticks);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes a person's change of <paramref name="subdomain"/>'s route (a flip or rollback through the admin API or the
    /// dashboard, just applied) at once, as the next tick would: a running rollout whose mode the route no longer
    /// serves is paused now, so its status says what is served by the time the change answers. When the fleet's store
    /// cannot be reached, the tick that can read it pauses the rollout.
    /// </summary>
    public async Task TakePersonsChangeAsync(string subdomain, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _states.RefreshAsync(TimeSpan.Zero, cancellationToken);
            if (_states.Get(subdomain) is { Status: RolloutStatus.Running } state)
            {
                await RouteAsSetAsync(state, cancellationToken);
            }
        }
        catch (RolloutStoreUnavailableException ex)
        {
            // The change itself is applied and must be answered as such; the store logs the outage.
            RolloutLog.PauseDeferred(_logger, subdomain, ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Flips <paramref name="route"/> through the route admin; null when done (or already so), else the refusal. With
    /// <paramref name="expectedRevision"/> the flip is refused when the route moved past that revision meanwhile.
    /// </summary>
    private async Task<RolloutCommandResult?> FlipAsync(RouteDefinition route, string modeText, string reason, string actor,
        CancellationToken cancellationToken, long? expectedRevision = null)
    {
        var canary = modeText.StartsWith("canary:", StringComparison.Ordinal);
        var result = await _admin.FlipAsync(new FlipRequest
        {
            Subdomain = route.Name,
            Mode = canary ? RouteMode.Canary : modeText == "new" ? RouteMode.New : RouteMode.Legacy,
            Percentage = canary ? int.Parse(modeText["canary:".Length..], System.Globalization.CultureInfo.InvariantCulture) : null,
            Reason = reason, Actor = actor, ExpectedRevision = expectedRevision,
        }, cancellationToken);
        // Already there (a start whose first step is the route's mode): nothing to record, and nothing refused.
        if (result.Outcome is RouteAdminOutcome.Applied or RouteAdminOutcome.Unchanged)
        {
            return null;
        }

        // "field: message" as every other refusal reads; ToString() put ": " before a field of no file.
        var errors = result.Errors.Select(e => e.File.Length == 0 ? $"{e.Field}: {e.Message}" : e.ToString()).ToList();
        RolloutLog.FlipRefused(_logger, route.Name, string.Join("; ", errors));
        return new RolloutCommandResult(null, errors, result.Outcome switch
        {
            RouteAdminOutcome.WriteFailed or RouteAdminOutcome.Conflict => 409,
            RouteAdminOutcome.Unavailable or RouteAdminOutcome.ReplicaRefused => 503,
            _ => 400,
        });
    }

    private void Notify(string @event, RolloutState state, string from, string to, string actor, string reason, IReadOnlyList<GateResult> gates) =>
        _notifier.Publish(new RolloutEvent(@event, state.Subdomain, state.UpdatedAt, from, to, actor, reason, gates));

    private void WarnIfShadowOff(string subdomain, RolloutPlan plan)
    {
        if (plan.Gates.MaxDiffRate is not null && !ShadowActivity.IsOn(_services, subdomain) && _warnedShadowOff.Add(subdomain))
        {
            RolloutLog.ShadowOff(_logger, subdomain);
        }
    }

    private async Task<bool> CaughtUpAsync(CancellationToken cancellationToken)
    {
        if (!_fleet.Enabled)
        {
            return true;
        }

        try
        {
            await _fleet.CatchUpAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or TimeoutException)
        {
            // Not knowing the fleet's route, the rollout is left as it is until a tick that can tell.
            return false;
        }
    }

    private RouteDefinition? Route(string subdomain) => _routes.Current?.Find(subdomain)?.Definition;

    /// <summary>The plan's gates that read the sync workers when the dashboard polls none; null when none is set or a worker is polled.</summary>
    private string? SyncGatesWithoutWorkers(RolloutGates? gates)
    {
        var set = new List<string>();
        if (gates?.MaxSyncLagSeconds is not null)
        {
            set.Add("maxSyncLagSeconds");
        }

        if (gates?.MaxDrift is not null)
        {
            set.Add("maxDrift");
        }

        return set.Count > 0 && _services.GetService(typeof(IOptions<DashboardOptions>)) is IOptions<DashboardOptions> { Value.SyncStatusUrls.Count: 0 }
            ? string.Join(" and ", set)
            : null;
    }

    private RolloutView View(string subdomain)
    {
        var route = Route(subdomain);
        var warnings = new List<string>();
        if (route?.Rollout?.Gates.MaxDiffRate is not null && !ShadowActivity.IsOn(_services, subdomain))
        {
            warnings.Add("rollout.gates.maxDiffRate: this route has no shadow block (or is in new mode), so nothing is compared, the diff gate stays inconclusive and the rollout cannot promote");
        }

        if (SyncGatesWithoutWorkers(route?.Rollout?.Gates) is { } gates)
        {
            warnings.Add($"rollout.gates.{gates}: no sync worker is polled (Strangler:Dashboard:SyncStatusUrls), so the gate stays inconclusive and the rollout cannot promote");
        }

        return new RolloutView(subdomain, route?.ModeText, route?.Rollout, _states.Get(subdomain), warnings);
    }
}
