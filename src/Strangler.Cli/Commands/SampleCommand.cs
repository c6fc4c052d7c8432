using System.CommandLine;
using Samples.CustomersService;
using Samples.LegacyMonolith;
using Strangler.Cli.Help;
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
        Run("legacy-monolith", "Run the legacy monolith: customers and orders over SQLite.",
            "--LegacyMonolith:DatabasePath=legacy.db", LegacyMonolithApp.Build),
        Run("customers-service", "Run the new Customers service: customers over LiteDB.",
            "--CustomersService:DatabasePath=customers.db", CustomersServiceApp.Build),
    };

    private static Command Run(string name, string description, string example, Func<string[], WebApplication> build)
    {
        var command = new Command(name, description).WithDetails("Extra arguments are settings (--Section:Key=value, such as " +
            example + ", its database file) or the host's --urls, --environment, --contentRoot, --applicationName and " +
            "--shutdownTimeoutSeconds; any other is refused.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) =>
            HostRunner.RunAsync(parseResult, example, () => build([.. parseResult.UnmatchedTokens]), cancellationToken));
        return command;
    }
}
