using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Reload;

/// <summary>
/// Loads the routes directory at start, then watches it: file events are debounced (an editor's save is several
/// events) and one reload runs after the directory has been quiet for <see cref="GatewayOptions.ReloadDebounce"/>.
/// </summary>
internal sealed class RouteDirectoryWatcher(RouteAdmin admin, IOptions<GatewayOptions> options, TimeProvider time,
    ILogger<RouteDirectoryWatcher> logger) : IHostedService, IDisposable
{
    private readonly GatewayOptions _options = options.Value;
    private FileSystemWatcher? _watcher;
    private ITimer? _debounce;
    private int _reloadQueued;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await admin.ReloadFromDiskAsync(cancellationToken);
        _debounce = time.CreateTimer(_ => OnQuiet(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (!Directory.Exists(_options.RoutesDirectory))
        {
            return; // the load error above says so; /readyz stays 503
        }

        _watcher = new FileSystemWatcher(_options.RoutesDirectory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += OnEvent;
        _watcher.Error += (_, e) => GatewayLog.WatcherFailed(logger, e.GetException());
        _watcher.EnableRaisingEvents = true;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        _debounce?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        // Temp files of atomic writes and the history file are noise. Anything else may be a route change,
        // including Kubernetes ConfigMap updates, which swap a "..data" symlink rather than touch *.json names.
        var name = e.Name ?? "";
        var noise = name.EndsWith(".tmp", StringComparison.Ordinal) || name.EndsWith(".jsonl", StringComparison.Ordinal);
        if (!noise)
        {
            _debounce?.Change(_options.ReloadDebounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnQuiet()
    {
        // A reload already waiting will read the newest files anyway; do not pile up more.
        if (Interlocked.Exchange(ref _reloadQueued, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            Interlocked.Exchange(ref _reloadQueued, 0);
            try
            {
                await admin.ReloadFromDiskAsync();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                GatewayLog.ReloadFailed(logger, ex);
            }
        });
    }
}
