using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Tests.Rollout;

// Bug: an unreadable rollout state was logged with System.Text.Json's own position ("LineNumber: 2 |
// BytePositionInLine: 34", from 0 and in bytes) while route files say "line 3, column 34" (from 1, in characters).
public sealed class RolloutStateJsonErrorTests
{
    // The 'é' is two bytes and one column: the value that cannot be read starts at byte 34, column 34 of line 3.
    private const string Broken = "{\n  \"subdomain\": \"customers\",\n  \"startedBy\": \"José\", \"status\": running\n}";

    [Fact]
    public void AFileStoreLoad_LogsTheRouteFilesNumbering()
    {
        var directory = RouteFiles.NewDirectory();
        try
        {
            File.WriteAllText(Path.Combine(directory, "customers.json"), Broken, new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(directory, "orders.json"), Encoding.UTF8.GetString(
                RolloutJsonBytes(FleetRolloutStateStoreTests.State(RolloutStatus.Running))));
            var log = new LogLines<FileRolloutStateStore>();

            var store = new FileRolloutStateStore(Options.Create(new GatewayOptions()),
                Options.Create(new RolloutOptions { StateDirectory = directory }), log);

            Assert.Null(store.Get("customers"));
            var line = Assert.Single(log.Lines, l => l.Contains("customers.json", StringComparison.Ordinal));
            Assert.EndsWith(": invalid JSON at line 3, column 34 ($.status): 'r' is an invalid start of a value.", line);
            Assert.DoesNotContain("LineNumber", line);
            // A well-formed state for the wrong sub-domain says that, with no position.
            Assert.Contains(log.Lines, l => l.EndsWith("orders.json cannot be read and is not acted on (start the rollout again to replace it): 'subdomain' must equal the file name 'orders'", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task AFleetStoreRow_IsLoggedWithTheRouteFilesNumbering_AndThePathOfAValueOfTheWrongType()
    {
        var connectionString = await FleetDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO strangler_rollout_state (subdomain, version, state, updated_at) VALUES ('customers', 1, @broken, now()), ('orders', 1, @typed, now())",
                connection);
            insert.Parameters.AddWithValue("broken", Broken);
            insert.Parameters.AddWithValue("typed", "{\"subdomain\": \"orders\",\n \"status\": \"sleeping\"}");
            await insert.ExecuteNonQueryAsync(ct);
        }

        var log = new LogLines<FleetRolloutStateStore>();
        var store = new FleetRolloutStateStore(new RouteStateStore(LegacyProvider.Postgres, connectionString), TimeProvider.System, log);
        await store.RefreshAsync(TimeSpan.Zero, ct);

        Assert.Null(store.Get("customers"));
        Assert.Contains(log.Lines, l => l.EndsWith("strangler_rollout_state[customers] cannot be read and is not acted on (start the rollout again to replace it): invalid JSON at line 3, column 34 ($.status): 'r' is an invalid start of a value.", StringComparison.Ordinal));
        // The reader stands just past the value it could not convert, and the path names it.
        Assert.Contains(log.Lines, l => l.Contains("strangler_rollout_state[orders] cannot be read", StringComparison.Ordinal)
            && l.Contains(": invalid JSON at line 2, column 22 ($.status): unknown rollout status 'sleeping' (expected \"running\", \"paused\",", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains("LineNumber", StringComparison.Ordinal));
    }

    private static byte[] RolloutJsonBytes(RolloutState state) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(state, RolloutJson.Indented);
}
