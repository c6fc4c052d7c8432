using Strangler.Gateway;
using Strangler.Sync.Hosting;

namespace Strangler.Cli.Tests.Wire;

/// <summary>
/// The CLI is the one assembly that sees both the gateway and the sync worker, so it pins the one wire name they
/// cannot share a declaration of: the dashboard polls <see cref="StranglerWire.SyncStatus"/>, the worker serves
/// <see cref="SyncEndpoints.StatusPath"/>.
/// </summary>
public sealed class StranglerWireTests
{
    [Fact]
    public void SyncStatus_IsThePathTheSyncWorkerServes() =>
        Assert.Equal(SyncEndpoints.StatusPath, StranglerWire.SyncStatus);

    [Fact]
    public void AdminApi_LivesUnderTheReservedRoot() =>
        Assert.StartsWith(StranglerWire.Root + "/", StranglerWire.AdminApi, StringComparison.Ordinal);
}
