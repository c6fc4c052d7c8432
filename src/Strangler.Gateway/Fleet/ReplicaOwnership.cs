namespace Strangler.Gateway.Fleet;

/// <summary>
/// Whether this run holds its replica id in the store. Until its heartbeat has claimed the row it publishes no traffic
/// or gate evidence and takes no lease under that id; refused (another running process holds the id), it stays so,
/// <c>/readyz</c> says not ready, and its admin API and dashboard change nothing in the fleet (<see cref="FleetWrites"/>),
/// until that one leaves or falls silent. Before its first heartbeat has had an answer it is not ready either: whether
/// the id is someone else's is not known yet.
/// </summary>
internal sealed class ReplicaOwnership(ReplicaRun run)
{
    private volatile ReplicaHolder? _conflict;
    private volatile bool _held;
    private volatile bool _answered;
    private int _claims;
    private int _refusals;

    public ReplicaRun Run => run;

    /// <summary>Whether the last heartbeat that reached the store wrote this run's row.</summary>
    public bool Held => _held;

    /// <summary>
    /// Whether a heartbeat has had an answer: the row claimed or refused, or the store unreachable (which the fleet rides
    /// out, so it counts as an answer: a replica must not stay unready for as long as the store is down).
    /// </summary>
    public bool Answered => _answered;

    /// <summary>The other run holding this id, while this one is refused; null otherwise.</summary>
    public ReplicaHolder? Conflict => _conflict;

    /// <summary>Claims made so far (a run's first claim may take over its host's previous process under this pid).</summary>
    public int Claims => Volatile.Read(ref _claims);

    /// <summary>Heartbeats refused so far.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>Records a claim that wrote the row, ending any conflict.</summary>
    public void MarkHeld()
    {
        (_conflict, _held, _answered) = (null, true, true);
        Interlocked.Increment(ref _claims);
    }

    /// <summary>Records a heartbeat that could not tell (the store unreachable): what was known stays as it was.</summary>
    public void MarkUnanswered() => _answered = true;

    /// <summary>Records a refusal; returns whether it is news (not held by this holder's run already).</summary>
    public bool MarkRefused(ReplicaHolder holder)
    {
        var was = _conflict;
        (_held, _conflict, _answered) = (false, holder, true);
        Interlocked.Increment(ref _claims);
        Interlocked.Increment(ref _refusals);
        return was?.RunId != holder.RunId;
    }
}
