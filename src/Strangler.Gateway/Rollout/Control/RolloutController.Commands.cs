using Strangler.Gateway.Configuration;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Rollout.Control;

// Part of RolloutController (RolloutController.cs): a person's commands, start, pause, resume and abort, each
// decided on the state as the store has it now.
internal sealed partial class RolloutController
{
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
            Message = reason, UpdatedAt = now, Version = state?.Version ?? 0,
        };
        return await SaveAsync(started, "started", route, target, actor, reason, cancellationToken);
    }

    private async Task<RolloutCommandResult> PauseAsync(RouteDefinition route, RolloutState? state, string actor, string why,
        CancellationToken cancellationToken)
    {
        if (state is not { Status: RolloutStatus.Running })
        {
            return RolloutCommandResult.Conflict($"rollout: {route.Name} has no running rollout to pause");
        }

        var message = $"paused by {actor}{why}";
        var paused = state with { Status = RolloutStatus.Paused, Message = message, UpdatedAt = _time.GetUtcNow() };
        return await SaveAsync(paused, "paused", route, route.ModeText, actor, message, cancellationToken);
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
        return await SaveAsync(resumed, "resumed", route, target, actor, reason, cancellationToken);
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
        return await SaveAsync(aborted, "aborted", route, "legacy", actor, reason, cancellationToken);
    }

    /// <summary>
    /// Writes a command's new state by compare-and-set and tells the webhooks (<paramref name="event"/>, from the route's
    /// mode before the command to <paramref name="to"/>); <see cref="Lost"/> when another replica wrote first.
    /// </summary>
    private async Task<RolloutCommandResult> SaveAsync(RolloutState next, string @event, RouteDefinition route, string to,
        string actor, string message, CancellationToken cancellationToken)
    {
        if (await _states.TrySaveAsync(next, cancellationToken) is not { } saved)
        {
            return Lost;
        }

        Notify(@event, saved, route.ModeText, to, actor, message, []);
        return RolloutCommandResult.Ok(View(route.Name));
    }
}
