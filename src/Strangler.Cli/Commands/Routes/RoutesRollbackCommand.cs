using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Strangler.Cli.Errors;
using Strangler.Gateway;
using Strangler.Gateway.Admin;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>strangler routes rollback REVISION --reason ...</c>: restore a route as it was at a revision.</summary>
internal static class RoutesRollbackCommand
{
    public static Command Create(AdminApiOptions admin)
    {
        var revision = new Argument<long>("revision") { Description = "The revision to restore (see: strangler routes history)." }
            .Within(0L, long.MaxValue);
        var subdomain = new Option<string?>("--subdomain") { Description = "The sub-domain, when several had that revision." };
        var reason = ReasonOption.Create();
        var actor = ActorOption.Create();
        var command = new Command("rollback", "Restore a sub-domain's route as it was at an earlier revision (recorded as a new revision).")
        {
            revision, subdomain, reason, actor,
        };
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            var request = new RollbackRequest
            {
                Revision = parseResult.GetValue(revision),
                Subdomain = parseResult.GetValue(subdomain),
                Reason = parseResult.GetValue(reason)!,
                Actor = parseResult.GetValue(actor)!,
            };
            JsonElement result;
            try
            {
                result = await client.PostAsync(StranglerWire.Admin.Rollback, request, cancellationToken);
            }
            catch (AdminApiException ex) when (request.Subdomain is null && ex.Fields.Contains("subdomain"))
            {
                // The gateway names the sub-domains but not the CLI's option; say which option to add, ready to paste.
                var names = await SubdomainsAtAsync(client, request.Revision, cancellationToken);
                if (names.Count < 2)
                {
                    throw;
                }

                throw new AdminApiException(
                    $"The gateway refused the rollback: revision {request.Revision} exists for {string.Join(", ", names)}: name one with "
                    + string.Join(" or ", names.Select(n => "--subdomain " + n)) + ".", ex);
            }

            await parseResult.InvocationConfiguration.Output.WriteLineAsync(ChangeText.Describe(result, request.Revision));
            return 0;
        });
        return command;
    }

    private static async Task<IReadOnlyList<string>> SubdomainsAtAsync(AdminApiClient client, long revision, CancellationToken cancellationToken)
    {
        var history = await client.GetAsync(StranglerWire.Admin.History, cancellationToken);
        return history.Get("changes").Items()
            .Where(c => c.Text("revision") == revision.ToString(CultureInfo.InvariantCulture)
                && c.Get("route").ValueKind == JsonValueKind.Object)
            .Select(c => c.Text("subdomain"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
