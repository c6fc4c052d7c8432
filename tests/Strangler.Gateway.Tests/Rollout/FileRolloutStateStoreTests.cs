using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class FileRolloutStateStoreTests
{
    [Fact]
    public async Task ASingleGatewaysFile_CountsVersions_RefusesAStaleWrite_AndKeepsTheVersionAcrossARestart()
    {
        var directory = RouteFiles.NewDirectory();
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var store = Open(directory);
            var first = await store.TrySaveAsync(FleetRolloutStateStoreTests.State(RolloutStatus.Running), ct);
            var paused = await store.TrySaveAsync(first! with { Status = RolloutStatus.Paused }, ct);

            var stale = await store.TrySaveAsync(first with { Status = RolloutStatus.Aborted }, ct);

            Assert.Equal((1, 2), (first.Version, paused!.Version));
            Assert.Null(stale);
            var file = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "customers.json")))!;
            Assert.Equal(("paused", 2), ((string)file["status"]!, (int)file["version"]!));
            var reopened = Open(directory);
            Assert.Equal((RolloutStatus.Paused, 2), (reopened.Get("customers")!.Status, reopened.Get("customers")!.Version));
            Assert.NotNull(await reopened.TrySaveAsync(reopened.Get("customers")! with { Status = RolloutStatus.Running }, ct));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static FileRolloutStateStore Open(string directory) => new(Options.Create(new GatewayOptions()),
        Options.Create(new RolloutOptions { StateDirectory = directory }), NullLogger<FileRolloutStateStore>.Instance);
}
