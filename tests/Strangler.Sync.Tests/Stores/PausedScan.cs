namespace Strangler.Sync.Tests.Stores;

/// <summary>
/// Holds a store's scan at its first pause between two pages (<c>LiteDbDocumentStore.BetweenPages</c>) until the test has
/// read the file from another handle: that read is answered only if the scan holds the file page by page, whatever the
/// speed of the machine (a read started after a fixed delay was not, on a machine that scans the whole in less).
/// </summary>
internal sealed class PausedScan : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _released = new();
    private int _pauses;

    /// <summary>The store's <c>BetweenPages</c>: the first call waits for <see cref="Release"/> (or gives up after a while).</summary>
    public void Pause()
    {
        if (Interlocked.Increment(ref _pauses) == 1)
        {
            _reached.TrySetResult();
            _released.Wait(Patience);
        }
    }

    /// <summary>Runs <paramref name="read"/> once the scan has paused, then lets the scan go on; fails the test when the
    /// scan never pauses or the read is not answered while it is paused.</summary>
    public async Task<T> ReadWhilePausedAsync<T>(string scan, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await _reached.Task.WaitAsync(Patience, cancellationToken);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"the {scan} never paused between two pages: it reads the whole collection under one hold");
            }

            try
            {
                return await Task.Run(read, cancellationToken).WaitAsync(Patience, cancellationToken);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"a read from another handle was not answered while the {scan} was between two pages: it still holds the file");
                throw;
            }
        }
        finally
        {
            Release();
        }
    }

    public void Release() => _released.Set();

    public void Dispose()
    {
        Release();
        _released.Dispose();
    }
}
