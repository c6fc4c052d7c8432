using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Rollout.Control;

/// <summary>The outcome of start, pause, resume or abort: the rollout after it, or why it was refused (and nothing changed).</summary>
internal sealed record RolloutCommandResult(RolloutView? View, IReadOnlyList<string> Errors, int Status = StatusCodes.Status200OK)
{
    /// <summary>True when the command was applied.</summary>
    public bool Succeeded => Errors.Count == 0;

    internal static RolloutCommandResult Ok(RolloutView view) => new(view, []);

    internal static RolloutCommandResult NotFound(string error) => new(null, [error], StatusCodes.Status404NotFound);

    internal static RolloutCommandResult Conflict(string error) => new(null, [error], StatusCodes.Status409Conflict);

    internal static RolloutCommandResult Unavailable(string error) => new(null, [error], StatusCodes.Status503ServiceUnavailable);

    internal static RolloutCommandResult Invalid(string error) => new(null, [error], StatusCodes.Status400BadRequest);
}
