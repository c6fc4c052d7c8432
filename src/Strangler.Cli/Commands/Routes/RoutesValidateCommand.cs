using System.CommandLine;
using Strangler.Gateway.Configuration;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>strangler routes validate DIR</c>: every problem in every route file, exit code 1 if there is any.</summary>
internal static class RoutesValidateCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "The directory of route files, e.g. routes/." };
        var command = new Command("validate", "Check a directory of route files, printing every error found.") { directory };
        command.SetAction(async (parseResult, _) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(directory)!;
            if (!Directory.Exists(path))
            {
                await error.WriteLineAsync($"{path}: no such directory.");
                return 1;
            }

            var result = RouteValidator.LoadDirectory(path);
            if (!result.IsValid)
            {
                // It applies nothing, so it says what the errors mean rather than "nothing was applied".
                await RouteFileProblems.WriteAsync(error, path, result.Errors, "a gateway would reject them all and keep serving its last good table.");
                return 1;
            }

            foreach (var route in result.Routes)
            {
                await output.WriteLineAsync($"{route.Name}: {route.ModeText}, revision {route.Revision}, {string.Join(" ", route.Paths)}");
            }

            await output.WriteLineAsync($"{result.Routes.Count} route file(s) in {path} are valid.");
            return 0;
        });
        return command;
    }
}
