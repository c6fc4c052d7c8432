using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
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
/// at a time, so a command and an evaluation never interleave.
/// </summary>
public sealed class RolloutController
{
    /// <summary>The actor recorded in the route history for the controller's own flips.</summary>
    public const string Actor = "rollout";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RouteAdmin _admin;
    private readonly RouteTableStore _routes;
    private readonly RolloutStateStore _states;
    private readonly RolloutEvaluator _evaluator;
    private readonly SyncGate _sync;
    private readonly RolloutNotifier _notifier;
    private readonly RolloutMetrics _metrics;
    private readonly IServiceProvider _services;
    private readonly RolloutOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HashSet<string> _warnedShadowOff = new(StringComparer.Ordinal);

    internal RolloutController(RouteAdmin admin, RouteTableStore routes, RolloutStateStore states, RolloutEvaluator evaluator,
        SyncGate sync, RolloutNotifier notifier, RolloutMetrics metrics, IServiceProvider services, IOptions<RolloutOptions> options,
        TimeProvider time, ILogger<RolloutController> logger)
    {
        (_admin, _routes, _states, _evaluator, _sync, _notifier, _metrics) = (admin, routes, states, evaluator, sync, notifier, metrics);
        (_services, _options, _time, _logger) = (services, options.Value, time, logger);
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

    /// <summary>Applies a person's command. <paramref name="actor"/> and <paramref name="reason"/> go into the history.</summary>
    public async Task<RolloutCommandResult> ExecuteAsync(RolloutCommand command, string subdomain, string actor, string? reason,
        CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Route(subdomain) is not { } route)
            {
                return RolloutCommandResult.NotFound($"subdomain: no sub-domain named '{subdomain}'");
            }

            if (route.Rollout is not { } plan)
            {
                return RolloutCommandResult.Invalid($"rollout: {subdomain}.json has no 'rollout' plan; add one (see README, Progressive cutover)");
            }

            var state = _states.Get(subdomain);
            var why = string.IsNullOrWhiteSpace(reason) ? "" : $": {reason.Trim()}";
            return command switch
            {
                RolloutCommand.Start => await StartAsync(route, plan, state, actor, why, cancellationToken),
                RolloutCommand.Pause => Pause(route, state, actor, why),
                RolloutCommand.Resume => await ResumeAsync(route, plan, state, actor, why, cancellationToken),
                _ => await AbortAsync(route, state, actor, why, cancellationToken),
            };
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
            foreach (var state in _states.All().Where(s => s.Status == RolloutStatus.Running))
            {
                var route = Route(state.Subdomain);
                if (route?.Rollout is not { } plan || route.ModeText != state.ExpectedMode)
                {
                    PauseForPerson(state, route);
                    continue;
                }

                if (_time.GetUtcNow() >= state.NextEvaluationAt)
                {
                    await EvaluateAsync(route, plan, state, cancellationToken);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RolloutCommandResult> StartAsync(RouteDefinition route, RolloutPlan plan, RolloutState? state,
        string actor, string why, CancellationToken cancellationToken)
    {
        if (state is { IsActive: true })
        {
            return RolloutCommandResult.Conflict($"rollout: {route.Name} already has a {RolloutText.Status(state.Status)} rollout; resume or abort it first");
        }

        var target = plan.ModeTextOf(0);
        var reason = $"rollout: start {RolloutText.Weight(route.ModeText)} -> {RolloutText.Weight(target)} (by {actor}{why})";
        if (await FlipAsync(route, target, reason, actor, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = _time.GetUtcNow();
        var started = new RolloutState
        {
            Subdomain = route.Name, Status = plan.Steps[0] >= 100 ? RolloutStatus.Completed : RolloutStatus.Running,
            Step = 0, ExpectedMode = target, StartedAt = now, StartedBy = actor, StepStartedAt = now,
            NextEvaluationAt = now.AddSeconds(plan.IntervalSeconds), DeadLettersAtStepStart = _sync.DeadLetters(route.Name),
            Message = reason, UpdatedAt = now,
        };
        _states.Save(started);
        Notify("started", started, route.ModeText, target, actor, reason, []);
        return RolloutCommandResult.Ok(View(route.Name));
    }

    private RolloutCommandResult Pause(RouteDefinition route, RolloutState? state, string actor, string why)
    {
        if (state is not { Status: RolloutStatus.Running })
        {
            return RolloutCommandResult.Conflict($"rollout: {route.Name} has no running rollout to pause");
        }

        var message = $"paused by {actor}{why}";
        var paused = state with { Status = RolloutStatus.Paused, Message = message, UpdatedAt = _time.GetUtcNow() };
        _states.Save(paused);
        Notify("paused", paused, route.ModeText, route.ModeText, actor, message, []);
        return RolloutCommandResult.Ok(View(route.Name));
    }

    private async Task<RolloutCommandResult> ResumeAsync(RouteDefinition route, RolloutPlan plan, RolloutState? state,
        string actor, string why, CancellationToken cancellationToken)
    {
        if (state is not { Status: RolloutStatus.Paused })
        {
            return RolloutCommandResult.Conflict($"rollout: {route.Name} has no paused rollout to resume");
        }

        // The plan may have changed while paused: the step is kept if it still exists, else the last one below 100.
        var step = Math.Min(state.Step, Math.Max(0, plan.Steps.Count - 2));
        var target = plan.ModeTextOf(step);
        var reason = $"rollout: resume at {RolloutText.Weight(target)} (by {actor}{why})";
        if (route.ModeText != target && await FlipAsync(route, target, reason, actor, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = _time.GetUtcNow();
        var resumed = state with
        {
            Status = RolloutStatus.Running,
            Step = step,
            ExpectedMode = target,
            StepStartedAt = now,
            NextEvaluationAt = now.AddSeconds(plan.IntervalSeconds),
            DeadLettersAtStepStart = _sync.DeadLetters(route.Name),
            Failures = plan.Counting == FailureCounting.Consecutive ? 0 : state.Failures,
            Message = reason,
            UpdatedAt = now,
        };
        _states.Save(resumed);
        Notify("resumed", resumed, route.ModeText, target, actor, reason, []);
        return RolloutCommandResult.Ok(View(route.Name));
    }

    private async Task<RolloutCommandResult> AbortAsync(RouteDefinition route, RolloutState? state, string actor, string why,
        CancellationToken cancellationToken)
    {
        if (state is not { IsActive: true })
        {
            return RolloutCommandResult.Conflict($"rollout: {route.Name} has no running or paused rollout to abort");
        }

        var reason = $"rollout: aborted {RolloutText.Weight(route.ModeText)} -> legacy (by {actor}{why})";
        if (route.Mode != RouteMode.Legacy && await FlipAsync(route, "legacy", reason, actor, cancellationToken) is { } refused)
        {
            return refused;
        }

        var aborted = state with { Status = RolloutStatus.Aborted, ExpectedMode = "legacy", Message = reason, UpdatedAt = _time.GetUtcNow() };
        _states.Save(aborted);
        Notify("aborted", aborted, route.ModeText, "legacy", actor, reason, []);
        return RolloutCommandResult.Ok(View(route.Name));
    }

    // A person always wins: their flip (or the plan's removal) stops the rollout where it is.
    private void PauseForPerson(RolloutState state, RouteDefinition? route)
    {
        var history = _admin.GetHistory(state.Subdomain);
        var last = history.Count > 0 ? history[^1] : null;
        var message = route is null ? "paused: the sub-domain's route is gone"
            : route.Rollout is null ? "paused: the route file no longer has a rollout plan"
            : $"paused: {route.ModeText} set by hand"
              + (last is not null ? $" ({last.Actor}, revision {last.Revision}: {last.Reason})" : "")
              + $", the rollout had set {state.ExpectedMode}";
        var paused = state with { Status = RolloutStatus.Paused, Message = message, UpdatedAt = _time.GetUtcNow() };
        _states.Save(paused);
        Notify("paused", paused, state.ExpectedMode, route?.ModeText ?? "(none)", last?.Actor ?? Actor, message, []);
    }

    private async Task EvaluateAsync(RouteDefinition route, RolloutPlan plan, RolloutState state, CancellationToken cancellationToken)
    {
        var (outcome, gates) = await _evaluator.EvaluateAsync(route.Name, plan, state, cancellationToken);
        _metrics.RecordEvaluation(route.Name, outcome, gates);
        WarnIfShadowOff(route.Name, plan);
        var now = _time.GetUtcNow();
        var next = state with
        {
            NextEvaluationAt = now.AddSeconds(plan.IntervalSeconds),
            UpdatedAt = now,
            DeadLettersAtStepStart = state.DeadLettersAtStepStart ?? _sync.DeadLetters(route.Name),
        };
        var evidence = string.Join(", ", gates.Select(g => g.Value));
        switch (outcome)
        {
            case GateOutcome.Fail:
                var failures = state.Failures + 1;
                if (failures >= plan.RollbackAfter)
                {
                    await RollBackAsync(route, plan, next with { Failures = failures }, gates, cancellationToken);
                    return;
                }

                Hold(route, next with { Failures = failures }, gates,
                    $"rollout: hold at {RolloutText.Weight(route.ModeText)}, failure {failures} of {plan.RollbackAfter} ({Failed(gates)})");
                return;
            case GateOutcome.Inconclusive:
                Hold(route, next, gates, $"rollout: hold at {RolloutText.Weight(route.ModeText)}, inconclusive ({Inconclusive(gates)})");
                return;
        }

        next = plan.Counting == FailureCounting.Consecutive ? next with { Failures = 0 } : next;
        if (now - state.StepStartedAt < TimeSpan.FromSeconds(plan.BakeSeconds))
        {
            _states.Save(Record(next with { Message = $"baking {RolloutText.Weight(route.ModeText)}: passing ({evidence})" },
                route.ModeText, outcome, "bake", gates));
            return;
        }

        var step = state.Step + 1;
        var target = plan.ModeTextOf(step);
        var reason = $"rollout: {RolloutText.Weight(route.ModeText)} -> {RolloutText.Weight(target)} ({evidence})";
        if (await FlipAsync(route, target, reason, Actor, cancellationToken) is not null)
        {
            _states.Save(Record(next with { Message = "promotion refused by the route admin; see the log" }, route.ModeText, outcome, "hold", gates));
            return;
        }

        var done = step >= plan.Steps.Count - 1;
        var promoted = Record(next with
        {
            Status = done ? RolloutStatus.Completed : RolloutStatus.Running,
            Step = step,
            ExpectedMode = target,
            StepStartedAt = now,
            DeadLettersAtStepStart = _sync.DeadLetters(route.Name),
            Message = reason,
        }, route.ModeText, outcome, done ? "complete" : "promote", gates);
        _states.Save(promoted);
        Notify(done ? "completed" : "promoted", promoted, route.ModeText, target, Actor, reason, gates);
    }

    private async Task RollBackAsync(RouteDefinition route, RolloutPlan plan, RolloutState state, IReadOnlyList<GateResult> gates,
        CancellationToken cancellationToken)
    {
        var reason = $"rollout: {RolloutText.Weight(route.ModeText)} -> legacy, gate failed: {Failed(gates)}"
            + (plan.RollbackAfter > 1 ? $" (failure {state.Failures} of {plan.RollbackAfter})" : "");
        var refused = await FlipAsync(route, "legacy", reason, Actor, cancellationToken);
        var rolledBack = Record(state with
        {
            Status = refused is null ? RolloutStatus.RolledBack : RolloutStatus.Paused,
            ExpectedMode = refused is null ? "legacy" : state.ExpectedMode,
            Message = refused is null ? reason : "rollback refused by the route admin (see the log); paused: " + reason,
        }, route.ModeText, GateOutcome.Fail, "rollback", gates);
        _states.Save(rolledBack);
        Notify("rolled-back", rolledBack, route.ModeText, refused is null ? "legacy" : route.ModeText, Actor, reason, gates);
    }

    private void Hold(RouteDefinition route, RolloutState state, IReadOnlyList<GateResult> gates, string message)
    {
        var held = Record(state with { Message = message }, route.ModeText, gates.Any(g => g.Outcome == GateOutcome.Fail)
            ? GateOutcome.Fail : GateOutcome.Inconclusive, "hold", gates);
        _states.Save(held);
        Notify("hold", held, route.ModeText, route.ModeText, Actor, message, gates);
    }

    private RolloutState Record(RolloutState state, string mode, GateOutcome outcome, string action, IReadOnlyList<GateResult> gates) =>
        state with
        {
            Evaluations = [.. state.Evaluations.TakeLast(_options.EvaluationsKept - 1),
                new RolloutEvaluation(_time.GetUtcNow(), mode, outcome, action, gates)],
        };

    private static string Failed(IReadOnlyList<GateResult> gates) => string.Join("; ", gates.Where(g => g.Outcome == GateOutcome.Fail)
        .Select(g => $"{g.Gate} {g.Value}, limit {g.Limit}" + (g.Detail is null ? "" : $" ({g.Detail})")));

    private static string Inconclusive(IReadOnlyList<GateResult> gates) => string.Join("; ", gates
        .Where(g => g.Outcome == GateOutcome.Inconclusive).Select(g => $"{g.Gate}: {g.Detail}"));

    private async Task<RolloutCommandResult?> FlipAsync(RouteDefinition route, string modeText, string reason, string actor,
        CancellationToken cancellationToken)
    {
        var canary = modeText.StartsWith("canary:", StringComparison.Ordinal);
        var result = await _admin.FlipAsync(new FlipRequest
        {
            Subdomain = route.Name,
            Mode = canary ? RouteMode.Canary : modeText == "new" ? RouteMode.New : RouteMode.Legacy,
            Percentage = canary ? int.Parse(modeText["canary:".Length..], System.Globalization.CultureInfo.InvariantCulture) : null,
            Reason = reason, Actor = actor,
        }, cancellationToken);
        if (result.Outcome == RouteAdminOutcome.Applied)
        {
            return null;
        }

        var errors = result.Errors.Select(e => e.ToString()).ToList();
        RolloutLog.FlipRefused(_logger, route.Name, string.Join("; ", errors));
        return new RolloutCommandResult(null, errors, result.Outcome == RouteAdminOutcome.WriteFailed ? 409 : 400);
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

    private RouteDefinition? Route(string subdomain) => _routes.Current?.Find(subdomain)?.Definition;

    private RolloutView View(string subdomain)
    {
        var route = Route(subdomain);
        var warnings = new List<string>();
        if (route?.Rollout?.Gates.MaxDiffRate is not null && !ShadowActivity.IsOn(_services, subdomain))
        {
            warnings.Add("rollout.gates.maxDiffRate: this route has no shadow block (or is in new mode), so nothing is compared, the diff gate stays inconclusive and the rollout cannot promote");
        }

        return new RolloutView(subdomain, route?.ModeText, route?.Rollout, _states.Get(subdomain), warnings);
    }
}
