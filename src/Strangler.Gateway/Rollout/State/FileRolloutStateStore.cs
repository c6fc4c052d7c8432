using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;
using Strangler.Json;

namespace Strangler.Gateway.Rollout.State;

/// <summary>
/// A single gateway's rollout states on disk, one readable JSON file per sub-domain, loaded at start (so a restart
/// resumes) and written atomically on every change. The route file stays the truth about traffic; this file says
/// where the rollout is. One process writes these files, so the version check only guards against a caller that
/// saves a state it did not read last.
/// </summary>
internal sealed class FileRolloutStateStore : IRolloutStateStore
{
    private readonly ConcurrentDictionary<string, RolloutState> _states = new(StringComparer.Ordinal);
    private readonly Lock _write = new();
    private readonly ILogger _logger;

    public FileRolloutStateStore(IOptions<GatewayOptions> gateway, IOptions<RolloutOptions> options, ILogger<FileRolloutStateStore> logger)
    {
        _logger = logger;
        Directory = DirectoryFor(gateway.Value, options.Value);
        Load();
    }

    public string Directory { get; }

    public string? Unavailable => null;

    /// <summary>Default: <c>rollouts/</c> beside the history file (itself in the routes directory by default).</summary>
    public static string DirectoryFor(GatewayOptions gateway, RolloutOptions options) =>
        string.IsNullOrEmpty(options.StateDirectory)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(gateway.EffectiveHistoryFile)) ?? ".", "rollouts")
            : options.StateDirectory;

    public RolloutState? Get(string subdomain) => _states.TryGetValue(subdomain, out var state) ? state : null;

    public IReadOnlyList<RolloutState> All() => [.. _states.Values.OrderBy(s => s.Subdomain, StringComparer.Ordinal)];

    public Task RefreshAsync(TimeSpan maxAge, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes the file first, then the memory: a state that could not be written is not acted on.</summary>
    public Task<RolloutState?> TrySaveAsync(RolloutState state, CancellationToken cancellationToken)
    {
        lock (_write)
        {
            if ((Get(state.Subdomain)?.Version ?? 0) != state.Version)
            {
                return Task.FromResult<RolloutState?>(null);
            }

            var written = state with { Version = state.Version + 1 };
            Write(written);
            _states[state.Subdomain] = written;
            return Task.FromResult<RolloutState?>(written);
        }
    }

    private void Write(RolloutState state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var target = Path.Combine(Directory, state.Subdomain + ".json");
        var temp = Path.Combine(Directory, $".{state.Subdomain}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(state, RolloutJson.Indented));
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private void Load()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        foreach (var path in System.IO.Directory.GetFiles(Directory, "*.json"))
        {
            byte[] bytes = [];
            try
            {
                bytes = File.ReadAllBytes(path);
                var state = StoredJson.Deserialize<RolloutState>(bytes, RolloutJson.Indented);
                if (state is null || state.Subdomain != Path.GetFileNameWithoutExtension(path))
                {
                    throw new InvalidDataException($"'subdomain' must equal the file name '{Path.GetFileNameWithoutExtension(path)}'");
                }

                _states[state.Subdomain] = state;
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // Not acted on: a rollout whose state cannot be read must not flip anything. Start it again to replace it.
                RolloutLog.StateUnreadable(_logger, path, ex is JsonException json ? "invalid JSON " + JsonErrorPosition.Describe(bytes, json) : ex.Message);
            }
        }
    }
}
