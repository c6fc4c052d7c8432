using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Reload;

/// <summary>
/// Loads the routes directory at start, then watches it: file events are debounced (an editor's save is several
/// events) and one reload runs after the directory has been quiet for <see cref="GatewayOptions.ReloadDebounce"/>.
/// A file-system watcher cannot watch a directory that does not exist, so a periodic check (every
/// <see cref="GatewayOptions.DirectoryPollInterval"/>) starts watching and loads when the directory appears, and
/// stops watching when it goes away (the last good table keeps serving), e.g. a volume mounted after start.
/// </summary>
internal sealed class RouteDirectoryWatcher(RouteAdmin admin, IOptions<GatewayOptions> options, TimeProvider time,
    ILogger<RouteDirectoryWatcher> logger) : IHostedService, IDisposable
{
    private readonly GatewayOptions _options = options.Value;
    private readonly Lock _lock = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _debounce;
    private ITimer? _poll;
    private int _reloadQueued;
    private bool _stopped;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _debounce = time.CreateTimer(_ => OnQuiet(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        // Watch before the first load, so that no change falls between the two; a directory that appears after the
        // check is caught by the periodic one.
        lock (_lock)
        {
            if (Directory.Exists(_options.RoutesDirectory))
            {
                _watcher = Watch(_options.RoutesDirectory);
            }
        }

        await admin.ReloadFromDiskAsync(cancellationToken);
        _poll = time.CreateTimer(_ => CheckDirectory(), null, _options.DirectoryPollInterval, _options.DirectoryPollInterval);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _stopped = true;
            if (_watcher is not null)
            {
                _watcher.EnableRaisingEvents = false;
            }
        }

        _poll?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _debounce?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _poll?.Dispose();
        lock (_lock)
        {
            _watcher?.Dispose();
        }

        _debounce?.Dispose();
    }

    private void CheckDirectory()
    {
        lock (_lock)
        {
            var exists = Directory.Exists(_options.RoutesDirectory);
            if (_stopped || exists == (_watcher is not null))
            {
                return;
            }

            if (exists)
            {
                GatewayLog.RoutesDirectoryAppeared(logger, _options.RoutesDirectory);
            }
            else
            {
                GatewayLog.RoutesDirectoryVanished(logger, _options.RoutesDirectory);
            }

            _watcher?.Dispose();
            // Watch first, then load: a file written between the two is seen by the watcher, not lost.
            _watcher = exists ? Watch(_options.RoutesDirectory) : null;
        }

        OnQuiet();
    }

    private FileSystemWatcher Watch(string directory)
    {
        var watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += OnEvent;
        watcher.Created += OnEvent;
        watcher.Deleted += OnEvent;
        watcher.Renamed += OnEvent;
        watcher.Error += (_, e) =>
        {
            // Usually an event-queue overflow: events were lost, so rescan rather than trust what we saw.
            GatewayLog.WatcherFailed(logger, e.GetException());
            _debounce?.Change(_options.ReloadDebounce, Timeout.InfiniteTimeSpan);
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        // Temp files of atomic writes, the history file and kept copies of unserved edits are noise. Anything else may be a route change,
        // including Kubernetes ConfigMap updates, which swap a "..data" symlink rather than touch *.json names.
        var name = e.Name ?? "";
        var noise = name.EndsWith(".tmp", StringComparison.Ordinal) || name.EndsWith(".jsonl", StringComparison.Ordinal)
            || name.EndsWith(UnservedEdit.Suffix, StringComparison.Ordinal);
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
