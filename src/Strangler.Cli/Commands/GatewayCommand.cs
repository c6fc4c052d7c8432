using System.CommandLine;
using Strangler.Cli.Help;
using Strangler.Cli.Hosting;
using Strangler.Gateway;

namespace Strangler.Cli.Commands;

/// <summary><c>strangler gateway</c>: runs the gateway until Ctrl+C.</summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var routes = new Option<string>("--routes")
        {
            Description = "The directory of route files (Strangler:Gateway:RoutesDirectory).",
            DefaultValueFactory = _ => "routes",
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Where the gateway listens.",
            DefaultValueFactory = _ => "http://127.0.0.1:5100",
        };
        urls.Validators.Add(result =>
        {
            if (ListenUrls.Problem(result.GetValueOrDefault<string>() ?? "") is { } problem)
            {
                result.AddError(problem);
            }
        });
        var accessLog = new Option<bool>("--access-log")
        {
            Description = "Write one line per proxied request: method, path, status, side, route, ms " +
                "(Strangler:Gateway:AccessLog:Enabled). Off by default: a proxied request writes no log line.",
        };
        var command = new Command("gateway", "Run the gateway (proxy, admin API, dashboard, rollouts) until Ctrl+C.")
        {
            routes,
            urls,
            accessLog,
        }.WithDetails(
            "Further settings come from configuration: appsettings.json, environment variables " +
            "(e.g. Strangler__Gateway__AdminToken) or extra --Strangler:Gateway:Key=value arguments; the host also reads " +
            "--environment, --contentRoot, --applicationName and --shutdownTimeoutSeconds. Any other argument is refused.\n\n" +
            GatewaySettings.HelpText());
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string[] args =
            [
                $"--Strangler:Gateway:RoutesDirectory={Path.GetFullPath(parseResult.GetValue(routes)!)}",
                $"--urls={parseResult.GetValue(urls)}",
                .. parseResult.GetValue(accessLog) ? ["--Strangler:Gateway:AccessLog:Enabled=true"] : Array.Empty<string>(),
                .. parseResult.UnmatchedTokens,
            ];
            return await HostRunner.RunAsync(parseResult, "--Strangler:Gateway:UpstreamTimeout=00:00:30",
                () => GatewayApplication.Build(args), cancellationToken);
        });
        return command;
    }
}
