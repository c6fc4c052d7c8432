namespace Strangler.Gateway.Fleet;

/// <summary>
/// A deadline for the statements a replica sends on its own (keep-alive, revision and state reads, heartbeat, traffic,
/// leases). A store that stops answering without closing the connection (a stopped VM, a dropped route, a server
/// stuck on a lock) otherwise holds each of them for the driver's default command timeout, 30 s, and a 15 s connect
/// timeout on top: the replica would go on reporting a fresh state that it can no longer confirm, and renew nothing
/// meanwhile. A flip's own commit is left out: timing out between sending COMMIT and reading its answer would report
/// "nothing changed" about a change that may have been made.
/// </summary>
internal static class StoreDeadline
{
    /// <summary>
    /// 5 s: each of these statements answers in under 5 ms from PostgreSQL on the same machine (one row by primary
    /// key), so only a store that is gone takes this long; it stays below the lease renewal period (a third of the
    /// 15 s default duration) and a hung store shows on <c>/readyz</c> within about 7 s (5 s, then the driver's 2 s
    /// attempt to cancel the statement) instead of 30.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The command timeout in the drivers' unit, whole seconds.</summary>
    public static int CommandTimeoutSeconds => (int)Math.Ceiling(Timeout.TotalSeconds);

    /// <summary>
    /// Runs <paramref name="operation"/> with a token that also fires after <see cref="Timeout"/>; that expiry is
    /// reported as a <see cref="TimeoutException"/> (a store failure), a cancellation by the caller stays one.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            return await operation(deadline.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the route store did not answer within {Timeout.TotalSeconds:0} s", ex);
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public static Task RunAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        RunAsync<bool>(async token =>
        {
            await operation(token);
            return true;
        }, cancellationToken);
}
