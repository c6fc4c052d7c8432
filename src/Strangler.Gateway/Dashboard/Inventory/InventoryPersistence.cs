using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Json;

namespace Strangler.Gateway.Dashboard.Inventory;

/// <summary>
/// Keeps the learned inventory in <see cref="DashboardOptions.InventoryFile"/>: loaded on start, saved periodically
/// and on shutdown with an atomic replace, so a crash mid-write never leaves a torn file. An unreadable file is moved
/// aside (not overwritten) and the gateway starts with an empty inventory.
/// </summary>
internal sealed partial class InventoryPersistence(
    EndpointInventory inventory,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<InventoryPersistence> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string? File => string.IsNullOrWhiteSpace(options.Value.InventoryFile) ? null : options.Value.InventoryFile;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (File is { } file)
        {
            Load(file);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (File is not { } file)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.InventorySaveInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Save(file);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (File is { } file)
        {
            Save(file);
        }
    }

    internal void Load(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            return;
        }

        byte[] bytes = [];
        try
        {
            bytes = System.IO.File.ReadAllBytes(file);
            var saved = JsonSerializer.Deserialize<List<InventoryEntry>>(bytes, Json) ?? [];
            inventory.Restore(saved.Where(e => e is { Subdomain: not null, Method: not null, Template: not null }));
            LogLoaded(logger, saved.Count, file);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            var aside = file + ".unreadable";
            System.IO.File.Move(file, aside, overwrite: true);
            LogUnreadable(logger, file, ex is JsonException json ? "invalid JSON " + JsonErrorPosition.Describe(bytes, json) : ex.Message, aside);
        }
    }

    internal void Save(string file)
    {
        try
        {
            var temp = file + ".tmp";
            System.IO.File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(inventory.Snapshot(), Json));
            System.IO.File.Move(temp, file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(logger, file, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} inventory endpoints from {File}")]
    private static partial void LogLoaded(ILogger logger, int count, string file);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inventory file {File} is unreadable ({Reason}); moved to {Aside}, starting empty")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason, string aside);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the inventory to {File}: {Reason}")]
    private static partial void LogSaveFailed(ILogger logger, string file, string reason);
}
