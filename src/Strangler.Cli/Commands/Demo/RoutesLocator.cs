namespace Strangler.Cli.Commands.Demo;

/// <summary>Finds the repository's <c>routes/</c> directory for the demo when <c>--routes</c> is not given.</summary>
internal static class RoutesLocator
{
    /// <summary>The first <c>routes/</c> directory holding a route file, looking in <paramref name="start"/> and its parents.</summary>
    public static string? Find(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "routes");
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.json").Any())
            {
                return candidate;
            }
        }

        return null;
    }
}
