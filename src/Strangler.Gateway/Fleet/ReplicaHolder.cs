using System.Globalization;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// Who holds a replica id's heartbeat row, as the store last heard: its run (null in a row written before runs were
/// recorded), host, process id and start, how long ago its last heartbeat arrived (by the store's clock), whether it
/// left, and the address it reported (the one <c>strangler routes replicas</c> lists).
/// </summary>
internal sealed record ReplicaHolder
{
    public string? RunId { get; init; }

    public string? Host { get; init; }

    public int? ProcessId { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public required TimeSpan Age { get; init; }

    public required bool Left { get; init; }

    public string? Address { get; init; }

    /// <summary>How an operator finds that process: never a secret, only what it reported of itself.</summary>
    public string Describe() =>
        $"run {RunId ?? "unknown"} on host {Host ?? "unknown"}, pid {ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, "
        + $"started {StartedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "unknown"}, "
        + $"last heartbeat {Age.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s ago"
        + (Address is null ? "" : $", address {Address}");
}
