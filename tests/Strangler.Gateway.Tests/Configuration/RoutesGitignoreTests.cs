using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Tests.Configuration;

/// <summary>
/// Bug: <c>routes/.gitignore</c> covered the history but not the rollout state files the gateway writes beside it,
/// so running the demo left <c>routes/rollouts/</c> for `git add routes/` to commit. Then: the compose routes
/// (<c>deploy/compose/routes</c>) had no .gitignore at all, and the image's COPY of them took whatever a local run left.
/// </summary>
public sealed class RoutesGitignoreTests
{
    [Theory]
    [InlineData("routes")]
    [InlineData("deploy/compose/routes")]
    public void Gitignore_CoversEverythingTheGatewayWritesBesideTheRouteFiles(string directory)
    {
        var routes = Path.Combine(RepositoryRoot(), directory);
        var ignored = File.ReadAllLines(Path.Combine(routes, ".gitignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.All(WrittenBesideTheRouteFiles(routes), name => Assert.Contains(name, ignored));
    }

    [Fact]
    public void Dockerignore_KeepsWhatALocalRunWroteOutOfTheImagesRouteFiles()
    {
        var root = RepositoryRoot();
        var routes = Path.Combine(root, "deploy", "compose", "routes");
        var ignored = File.ReadAllLines(Path.Combine(root, ".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.All(WrittenBesideTheRouteFiles(routes), name => Assert.Contains("deploy/compose/routes/" + name, ignored));
    }

    // Each name as the gateway's own defaults spell it, so a rename there shows up here.
    private static IEnumerable<string> WrittenBesideTheRouteFiles(string routes)
    {
        var gateway = new GatewayOptions { RoutesDirectory = routes };
        yield return Path.GetRelativePath(routes, gateway.EffectiveHistoryFile);
        yield return Path.GetRelativePath(routes, FileRolloutStateStore.DirectoryFor(gateway, new RolloutOptions())) + "/";
        yield return "*.json" + UnservedEdit.Suffix;
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
