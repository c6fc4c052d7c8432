using Microsoft.Extensions.Hosting;

namespace Strangler.Sync.Hosting;

/// <summary>
/// A background job that runs once at start and then every <paramref name="interval"/> on <paramref name="time"/>'s
/// clock (so tests move it with a fake one). A failed run is handed to <see cref="OnFailed"/> and tried again at the
/// next tick: housekeeping such as pruning may fall behind for a while, but it never stops and never holds up a pipeline.
/// </summary>
internal abstract class PeriodicService(TimeSpan interval, TimeProvider time) : BackgroundService
{
    /// <summary>The clock the job runs on.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>One run of the job.</summary>
    protected abstract Task RunOnceAsync(CancellationToken stoppingToken);

    /// <summary>Reports a failed run; the next one comes at the next tick.</summary>
    protected abstract void OnFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                OnFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
