using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Tests.Configuration;

/// <summary>
/// Bug: <c>routes/.gitignore</c> covered the history but not the rollout state files the gateway writes beside it,
/// so running the demo left <c>routes/rollouts/</c> for `git add routes/` to commit.
/// </summary>
public sealed class RoutesGitignoreTests
{
    [Fact]
    public void RoutesGitignore_CoversEverythingTheGatewayWritesBesideTheRouteFiles()
    {
        var routes = Path.Combine(RepositoryRoot(), "routes");
        var gateway = new GatewayOptions { RoutesDirectory = routes };
        var ignored = File.ReadAllLines(Path.Combine(routes, ".gitignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        // Each name as the gateway's own defaults spell it, so a rename there shows up here.
        Assert.Contains(Path.GetRelativePath(routes, gateway.EffectiveHistoryFile), ignored);
        Assert.Contains(Path.GetRelativePath(routes, FileRolloutStateStore.DirectoryFor(gateway, new RolloutOptions())) + "/", ignored);
        Assert.Contains("*.json" + UnservedEdit.Suffix, ignored);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Strangler.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Strangler.sln above {AppContext.BaseDirectory}.");
    }
}
