using Strangler.Cli.Commands.Routes;
using Strangler.Gateway.Configuration;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// Checks the route files the demo is to copy before anything starts, with <c>strangler routes validate</c>'s check and
/// lines. The demo used to start over a file that was JSON but no route, its gateway answering every request 503 and
/// reporting positions in its re-indented copy; and a file that was not JSON stopped it with .NET's parser message,
/// naming only the first bad file. It exits 1 as they do: a route file with errors is a file that cannot be used (the
/// README's exit codes), whichever command reads it, not a mistake in how the demo was called.
/// </summary>
internal static class DemoRoutesCheck
{
    /// <summary>
    /// Null when the demo can start over <paramref name="routes"/> (as the user gave or the locator found it; errors
    /// name files through it); otherwise the exit code, after writing why to <paramref name="error"/>.
    /// </summary>
    public static async Task<int?> CheckAsync(TextWriter error, string routes)
    {
        if (!Directory.Exists(routes) || Directory.GetFiles(routes, "*.json").Length == 0)
        {
            await error.WriteLineAsync($"No route files (*.json) in '{Path.GetFullPath(routes)}': pass --routes with the repository's routes/ directory.");
            return 1;
        }

        var result = RouteValidator.LoadDirectory(routes);
        if (result.IsValid)
        {
            return null;
        }

        await RouteFileProblems.WriteAsync(error, routes, result.Errors,
            $"the demo did not start. Fix them and start it again (strangler routes validate {routes} checks them).");
        return 1;
    }
}
