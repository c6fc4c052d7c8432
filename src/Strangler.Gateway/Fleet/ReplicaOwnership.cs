namespace Strangler.Gateway.Fleet;

/// <summary>
/// Whether this run holds its replica id in the store. Until its heartbeat has claimed the row it publishes no traffic
/// or gate evidence and takes no lease under that id; refused (another running process holds the id), it stays so,
/// and <c>/readyz</c> says not ready, until that one leaves or falls silent.
/// </summary>
internal sealed class ReplicaOwnership(ReplicaRun run)
{
    private volatile ReplicaHolder? _conflict;
    private volatile bool _held;
    private int _claims;
    private int _refusals;

    public ReplicaRun Run => run;

    /// <summary>Whether the last heartbeat that reached the store wrote this run's row.</summary>
    public bool Held => _held;

    /// <summary>The other run holding this id, while this one is refused; null otherwise.</summary>
    public ReplicaHolder? Conflict => _conflict;

    /// <summary>Claims made so far (a run's first claim may take over its host's previous process under this pid).</summary>
    public int Claims => Volatile.Read(ref _claims);

    /// <summary>Heartbeats refused so far.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>Records a claim that wrote the row, ending any conflict.</summary>
    public void MarkHeld()
    {
        (_conflict, _held) = (null, true);
        Interlocked.Increment(ref _claims);
    }

    /// <summary>Records a refusal; returns whether it is news (not held by this holder's run already).</summary>
    public bool MarkRefused(ReplicaHolder holder)
    {
        var was = _conflict;
        (_held, _conflict) = (false, holder);
        Interlocked.Increment(ref _claims);
        Interlocked.Increment(ref _refusals);
        return was?.RunId != holder.RunId;
    }
}
