using System.Globalization;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// A deadline for the statements a replica sends on its own (keep-alive, revision and state reads, heartbeat, traffic,
/// leases), <see cref="FleetOptions.StoreTimeout"/>. A store that stops answering without closing the connection (a
/// stopped VM, a dropped route, a server stuck on a lock) otherwise holds each of them for the driver's default command
/// timeout, 30 s, and a 15 s connect timeout on top: the replica would go on reporting a fresh state that it can no
/// longer confirm, and renew nothing meanwhile. A flip's own commit is left out: timing out between sending COMMIT and
/// reading its answer would report "nothing changed" about a change that may have been made.
/// </summary>
internal sealed class StoreDeadline(TimeSpan timeout)
{
    public TimeSpan Timeout => timeout;

    /// <summary>The command timeout in the drivers' unit, whole seconds.</summary>
    public int CommandTimeoutSeconds => (int)Math.Ceiling(timeout.TotalSeconds);

    /// <summary>
    /// Runs <paramref name="operation"/> with a token that also fires after <see cref="Timeout"/>; that expiry is
    /// reported as a <see cref="TimeoutException"/> (a store failure), a cancellation by the caller stays one.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await operation(deadline.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the route store did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", ex);
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public Task RunAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        RunAsync<bool>(async token =>
        {
            await operation(token);
            return true;
        }, cancellationToken);
}
