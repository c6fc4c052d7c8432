using System.CommandLine;
using Samples.CustomersService;
using Samples.LegacyMonolith;
using Strangler.Cli.Hosting;

namespace Strangler.Cli.Commands;

/// <summary>
/// <c>strangler sample legacy-monolith|customers-service</c>: runs one sample application on its own, so one container
/// image serves every service of docker-compose.yml. Extra arguments are configuration (<c>--urls</c>, <c>--Section:Key=value</c>).
/// </summary>
internal static class SampleCommand
{
    public static Command Create() => new("sample", "Run one of the sample applications on its own.")
    {
        Run("legacy-monolith", "The legacy monolith (customers and orders over SQLite; LegacyMonolith:DatabasePath).", LegacyMonolithApp.Build),
        Run("customers-service", "The new Customers service (LiteDB; CustomersService:DatabasePath).", CustomersServiceApp.Build),
    };

    private static Command Run(string name, string description, Func<string[], WebApplication> build)
    {
        var command = new Command(name, description + " Extra arguments are passed on as configuration.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) =>
            HostRunner.RunAsync(parseResult, () => build([.. parseResult.UnmatchedTokens]), cancellationToken));
        return command;
    }
}
