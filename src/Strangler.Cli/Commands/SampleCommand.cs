using System.CommandLine;
using Samples.CustomersService;
using Samples.LegacyMonolith;
using Strangler.Cli.Hosting;

namespace Strangler.Cli.Commands;

/// <summary>
/// <c>strangler sample legacy-monolith|customers-service</c>: runs one sample application on its own, so one container
/// image serves every service of docker-compose.yml. Extra arguments are configuration (<c>--urls</c>, <c>--Section:Key=value</c>); others are refused.
/// </summary>
internal static class SampleCommand
{
    public static Command Create() => new("sample", "Run one of the sample applications on its own.")
    {
        Run("legacy-monolith", "The legacy monolith (customers and orders over SQLite; LegacyMonolith:DatabasePath).",
            "--LegacyMonolith:DatabasePath=legacy.db", LegacyMonolithApp.Build),
        Run("customers-service", "The new Customers service (LiteDB; CustomersService:DatabasePath).",
            "--CustomersService:DatabasePath=customers.db", CustomersServiceApp.Build),
    };

    private static Command Run(string name, string description, string example, Func<string[], WebApplication> build)
    {
        var command = new Command(name, description + " Extra arguments are settings (--Section:Key=value, such as " +
            example + ") or the host's --urls, --environment, --contentRoot, --applicationName and --shutdownTimeoutSeconds; " +
            "any other is refused.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) =>
            HostRunner.RunAsync(parseResult, example, () => build([.. parseResult.UnmatchedTokens]), cancellationToken));
        return command;
    }
}
