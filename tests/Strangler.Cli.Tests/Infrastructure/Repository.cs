namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from (found by walking up to <c>Strangler.sln</c>).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string Routes => Path.Combine(Root, "routes");

    public static string ComposeRoutes => Path.Combine(Root, "deploy", "compose", "routes");

    private static string Find()
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
