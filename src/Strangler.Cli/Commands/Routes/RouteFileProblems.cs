using Strangler.Gateway.Configuration;

namespace Strangler.Cli.Commands.Routes;

/// <summary>Prints the errors found in a directory of route files, as <c>routes validate</c> and <c>routes apply</c> report them.</summary>
internal static class RouteFileProblems
{
    public static async Task WriteAsync(TextWriter error, string directory, IReadOnlyList<RouteValidationError> problems)
    {
        foreach (var problem in problems)
        {
            // The file's path as given, so a terminal or editor opens "routes/customers.json:7:23" where it points.
            var located = problem.File == directory ? problem : problem with { File = Path.Combine(directory, problem.File) };
            await error.WriteLineAsync(located.ToString());
        }

        await error.WriteLineAsync($"{problems.Count} error(s) in {directory}; nothing was applied.");
    }
}
