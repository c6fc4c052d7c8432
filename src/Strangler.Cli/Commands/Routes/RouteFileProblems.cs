using Strangler.Gateway.Configuration;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// Prints the errors found in a directory of route files, as <c>routes validate</c>, <c>routes apply</c> and
/// <c>demo</c> report them, so a user sees one set of lines for one set of files wherever they were checked.
/// </summary>
internal static class RouteFileProblems
{
    /// <summary>One line per problem, then <c>N error(s) in DIR; </c> and <paramref name="outcome"/>.</summary>
    public static async Task WriteAsync(
        TextWriter error, string directory, IReadOnlyList<RouteValidationError> problems, string outcome)
    {
        foreach (var problem in problems)
        {
            // The file's path as given, so a terminal or editor opens "routes/customers.json:7:23" where it points.
            var located = problem.File == directory ? problem : problem with { File = Path.Combine(directory, problem.File) };
            await error.WriteLineAsync(located.ToString());
        }

        await error.WriteLineAsync($"{problems.Count} error(s) in {directory}; {outcome}");
    }
}
