using System.Net.Http.Headers;
using Npgsql;
using Strangler.Cli.Tests.Campaigns;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>
/// Real <c>strangler gateway</c> replicas of one PostgreSQL fleet store, as the fleet's process tests start them: a
/// process group each (so a test can freeze, stop or kill it), fast publication and rollout ticks, and an admin client.
/// </summary>
internal static class FleetProcesses
{
    public const string Token = "fleet-process-test-admin-token-0123";

    /// <summary>Starts replica <paramref name="id"/>; <paramref name="extra"/> are further <c>--key=value</c> options.</summary>
    public static (ProcessGroup Process, HttpClient Http) Start(TempDirectory directory, string store, string id, string legacy,
        params string[] extra)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var process = ProcessGroup.StartStrangler(new Dictionary<string, string>
        {
            ["Strangler__Gateway__AdminToken"] = Token,
            ["Strangler__Gateway__OverrideSigningKey"] = "fleet-process-test-signing-key-0123456789",
            ["Strangler__Gateway__Fleet__ConnectionString"] = store,
        }, directory.Path, directory.Combine(id + ".log"), [
            "gateway", "--routes", "routes", "--urls", url,
            $"--Strangler:Gateway:DefaultUpstream={legacy}",
            "--Strangler:Gateway:Fleet:Store=postgres", $"--Strangler:Gateway:Fleet:ReplicaId={id}",
            $"--Strangler:Gateway:Fleet:CacheFile={directory.Combine(id + ".cache.json")}",
            "--Strangler:Gateway:Fleet:TrafficPublishInterval=00:00:00.500",
            $"--Strangler:Dashboard:KeysDirectory={directory.Combine("keys")}",
            "--Strangler:Gateway:Rollout:TickInterval=00:00:01",
            .. extra,
        ]);
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return (process, http);
    }

    /// <summary>Ends every replica's process group, a frozen one too (thawed first, so it can be reaped), and its client.</summary>
    public static void EndAll(IEnumerable<(ProcessGroup Process, HttpClient Http)> replicas)
    {
        foreach (var (process, http) in replicas)
        {
            process.Thaw();
            process.KillGroup();
            http.Dispose();
            process.Dispose();
        }
    }

    /// <summary>Completes when <paramref name="process"/> exits (so a wait for it to come up fails fast instead).</summary>
    public static async Task ExitAsync(ProcessGroup process)
    {
        while (!process.HasExited)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The replica holding the <c>rollout</c> lease now; null when none does.</summary>
    public static async Task<string?> HolderAsync(string store)
    {
        await using var connection = new NpgsqlConnection(store);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT holder FROM strangler_fleet_leases WHERE name = 'rollout' AND expires_at > now()", connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) as string;
    }
}
