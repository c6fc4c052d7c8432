using Strangler.Gateway.Configuration;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Rollout.Control;

// Part of RolloutController (RolloutController.cs): what a tick does to a running rollout. It evaluates the step
// and promotes, holds or rolls back, or pauses the rollout when a person flipped the route.
internal sealed partial class RolloutController
{
    /// <summary>
    /// The route when it still serves what the running rollout set; null once the rollout is paused for a person's
    /// change (or the plan's removal), or when this replica cannot tell yet.
    /// </summary>
    private async Task<RouteDefinition?> RouteAsSetAsync(RolloutState state, CancellationToken cancellationToken)
    {
        var route = Route(state.Subdomain);
        if (route?.Rollout is null || route.ModeText != state.ExpectedMode)
        {
            // In a fleet, this replica's table may not serve yet the flip another replica just made for a start or
            // resume taken there: catch up with the store before calling it a person's flip.
            if (!await CaughtUpAsync(cancellationToken))
            {
                return null;
            }

            route = Route(state.Subdomain);
        }

        if (route?.Rollout is null || route.ModeText != state.ExpectedMode)
        {
            await PauseForPersonAsync(state, route, cancellationToken);
            return null;
        }

        return route;
    }

    // A person always wins: their flip (or the plan's removal) stops the rollout where it is.
    private async Task PauseForPersonAsync(RolloutState state, RouteDefinition? route, CancellationToken cancellationToken)
    {
        var history = _admin.GetHistory(state.Subdomain);
        var last = history.Count > 0 ? history[^1] : null;
        var message = route is null ? "paused: the sub-domain's route is gone"
            : route.Rollout is null ? "paused: the route file no longer has a rollout plan"
            : $"paused: {route.ModeText} set by hand"
              + (last is not null ? $" ({last.Actor}, revision {last.Revision}: {last.Reason})" : "")
              + $", the rollout had set {state.ExpectedMode}";
        var paused = state with { Status = RolloutStatus.Paused, Message = message, UpdatedAt = _time.GetUtcNow() };
        if (await SaveAsync(paused, cancellationToken) is { } saved)
        {
            Notify("paused", saved, state.ExpectedMode, route?.ModeText ?? "(none)", last?.Actor ?? Actor, message, []);
        }
    }

    private async Task EvaluateAsync(RouteDefinition route, RolloutPlan plan, RolloutState state, CancellationToken cancellationToken)
    {
        var (outcome, gates) = await _evaluator.EvaluateAsync(route.Name, plan, state, cancellationToken);
        _metrics.RecordEvaluation(route.Name, outcome, gates);
        WarnIfShadowOff(route.Name, plan);
        // Gates can take seconds (an HTTP check): a command on another replica may have changed the rollout meanwhile.
        await _states.RefreshAsync(TimeSpan.Zero, cancellationToken);
        if (_states.Get(route.Name) is not { } current || current.Version != state.Version)
        {
            RolloutLog.ChangedMeanwhile(_logger, route.Name, state.Version, _states.Get(route.Name)?.Version ?? 0);
            return;
        }

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

                await HoldAsync(route, next with { Failures = failures }, gates,
                    $"rollout: hold at {RolloutText.Weight(route.ModeText)}, failure {failures} of {plan.RollbackAfter} ({Failed(gates)})",
                    cancellationToken);
                return;
            case GateOutcome.Inconclusive:
                await HoldAsync(route, next, gates, $"rollout: hold at {RolloutText.Weight(route.ModeText)}, inconclusive ({Inconclusive(gates)})",
                    cancellationToken);
                return;
        }

        next = plan.Counting == FailureCounting.Consecutive ? next with { Failures = 0 } : next;
        if (now - state.StepStartedAt < TimeSpan.FromSeconds(plan.BakeSeconds))
        {
            await SaveAsync(Record(next with { Message = $"baking {RolloutText.Weight(route.ModeText)}: passing ({evidence})" },
                route.ModeText, outcome, "bake", gates), cancellationToken);
            return;
        }

        var step = state.Step + 1;
        var target = plan.ModeTextOf(step);
        var reason = $"rollout: {RolloutText.Weight(route.ModeText)} -> {RolloutText.Weight(target)} ({evidence})";
        // On the revision the evaluation judged: a person's flip made while the gates ran (an HTTP check takes seconds)
        // refuses the promotion instead of being undone by it, and the rollout is then paused for it.
        if (await FlipAsync(route, target, reason, Actor, cancellationToken, route.Revision) is not null)
        {
            await SaveAsync(Record(next with { Message = "promotion refused by the route admin; see the log" }, route.ModeText, outcome, "hold", gates),
                cancellationToken);
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
        // Lost only if a command landed between the re-read above and here: the route then no longer matches the state
        // that won, and the next tick pauses the rollout and says so, rather than guessing which change to keep.
        if (await SaveAsync(promoted, cancellationToken) is { } saved)
        {
            Notify(done ? "completed" : "promoted", saved, route.ModeText, target, Actor, reason, gates);
        }
    }

    private async Task RollBackAsync(RouteDefinition route, RolloutPlan plan, RolloutState state, IReadOnlyList<GateResult> gates,
        CancellationToken cancellationToken)
    {
        var reason = $"rollout: {RolloutText.Weight(route.ModeText)} -> legacy, gate failed: {Failed(gates)}"
            + (plan.RollbackAfter > 1 ? $" (failure {state.Failures} of {plan.RollbackAfter})" : "");
        if (await FlipAsync(route, "legacy", reason, Actor, cancellationToken, route.Revision) is { } refused)
        {
            await RollBackRefusedAsync(route, state, gates, reason, refused, cancellationToken);
            return;
        }

        var rolledBack = Record(state with { Status = RolloutStatus.RolledBack, ExpectedMode = "legacy", Message = reason },
            route.ModeText, GateOutcome.Fail, "rollback", gates);
        if (await SaveAsync(rolledBack, cancellationToken) is { } saved)
        {
            Notify("rolled-back", saved, route.ModeText, "legacy", Actor, reason, gates);
        }
    }

    // Nothing went back to legacy: whoever listens (a chat channel, a pager) must not read that it did. The route stays
    // on what it serves (a person's flip made while the gates ran, most often) and the rollout waits for a person.
    private async Task RollBackRefusedAsync(RouteDefinition route, RolloutState state, IReadOnlyList<GateResult> gates, string reason,
        RolloutCommandResult refused, CancellationToken cancellationToken)
    {
        var serving = Route(route.Name)?.ModeText ?? route.ModeText;
        var message = $"paused: rollback refused by the route admin ({string.Join("; ", refused.Errors)}); "
            + $"the route stays on {serving} (the rollback was {reason})";
        var paused = Record(state with { Status = RolloutStatus.Paused, Message = message }, route.ModeText, GateOutcome.Fail,
            "rollback-refused", gates);
        if (await SaveAsync(paused, cancellationToken) is { } saved)
        {
            Notify("rollback-refused", saved, route.ModeText, serving, Actor, message, gates);
        }
    }

    private async Task HoldAsync(RouteDefinition route, RolloutState state, IReadOnlyList<GateResult> gates, string message,
        CancellationToken cancellationToken)
    {
        var held = Record(state with { Message = message }, route.ModeText, gates.Any(g => g.Outcome == GateOutcome.Fail)
            ? GateOutcome.Fail : GateOutcome.Inconclusive, "hold", gates);
        if (await SaveAsync(held, cancellationToken) is { } saved)
        {
            Notify("hold", saved, route.ModeText, route.ModeText, Actor, message, gates);
        }
    }

    // The controller's own writes: when another writer got there first, its state stands and the next tick decides again.
    private async Task<RolloutState?> SaveAsync(RolloutState state, CancellationToken cancellationToken)
    {
        if (await _states.TrySaveAsync(state, cancellationToken) is { } saved)
        {
            return saved;
        }

        RolloutLog.ChangedMeanwhile(_logger, state.Subdomain, state.Version, _states.Get(state.Subdomain)?.Version ?? 0);
        return null;
    }

    private RolloutState Record(RolloutState state, string mode, GateOutcome outcome, string action, IReadOnlyList<GateResult> gates) =>
        state with
        {
            Evaluations = [.. state.Evaluations.TakeLast(_options.EvaluationsKept - 1),
                new RolloutEvaluation(_time.GetUtcNow(), mode, outcome, action, gates)],
        };

    // Each gate's value already says what it measures ("errors 12.0% vs 0.2%", "lag 7.0 s"): the gate's name in front
    // of it read "errors errors 12.0% ...".
    private static string Failed(IReadOnlyList<GateResult> gates) => string.Join("; ", gates.Where(g => g.Outcome == GateOutcome.Fail)
        .Select(g => $"{g.Value}, limit {g.Limit}" + (g.Detail is null ? "" : $" ({g.Detail})")));

    private static string Inconclusive(IReadOnlyList<GateResult> gates) => string.Join("; ", gates
        .Where(g => g.Outcome == GateOutcome.Inconclusive).Select(g => $"{g.Gate}: {g.Detail}"));
}
