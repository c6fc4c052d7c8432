using System.CommandLine;
using Strangler.Cli.Commands.Routes;
using Strangler.Cli.Errors;

namespace Strangler.Cli.Commands.Demo;

/// <summary><c>strangler demo traffic</c>: a bounded burst through the gateway, printing how it split legacy/new.</summary>
internal static class TrafficCommand
{
    public static Command Create()
    {
        var gateway = new Option<string>("--gateway")
        {
            Description = "The gateway's base URL.",
            DefaultValueFactory = _ => AdminApiOptions.DefaultGateway,
        };
        var path = new Option<string>("--path") { Description = "The path to request.", DefaultValueFactory = _ => "/customers" };
        var requests = new Option<int>("--requests") { Description = "How many requests (1..100000).", DefaultValueFactory = _ => 200 };
        var users = new Option<int>("--users") { Description = "How many distinct user keys (1..100000).", DefaultValueFactory = _ => 100 };
        var userHeader = new Option<string>("--user-header")
        {
            Description = "The header carrying the user key.",
            DefaultValueFactory = _ => "X-User-Id",
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds one request may take before it counts as failed (1..3600).",
            DefaultValueFactory = _ => 30,
        };
        var rate = new Option<int>("--rate")
        {
            Description = "Requests per second, spread evenly, e.g. --rate 5 --requests 900 for three minutes of steady traffic " +
                "while a rollout runs (0..1000; 0, the default: a burst, as fast as the gateway answers).",
            DefaultValueFactory = _ => 0,
        };
        rate.Within(0, 1000, "requests per second; 0 for a burst");
        requests.Within(1, 100_000);
        timeout.Within(1, 3600, "seconds");
        users.Within(1, 100_000);
        var command = new Command("traffic", "Send a burst of requests through the gateway with varied users; print the legacy/new split.")
        {
            gateway, path, requests, users, userHeader, timeout, rate,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var gatewayText = parseResult.GetValue(gateway)!;
            if (HttpUrlArgument.Parse("--gateway", gatewayText, out var problem) is not { } gatewayUri)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(problem);
                return UsageErrors.ExitCode;
            }

            var settings = new TrafficSettings
            {
                Gateway = gatewayUri,
                Path = parseResult.GetValue(path)!,
                Requests = parseResult.GetValue(requests),
                Users = parseResult.GetValue(users),
                UserHeader = parseResult.GetValue(userHeader)!,
                Timeout = TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
                Rate = parseResult.GetValue(rate),
            };
            var report = await TrafficRunner.RunAsync(settings, cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteAsync(report.Format(settings));
            if (report.Failed == settings.Requests)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    $"Every request failed: is the gateway running at {gatewayUri}? (strangler demo)");
            }

            return report.Failed > 0 ? 1 : 0;
        });
        return command;
    }
}
