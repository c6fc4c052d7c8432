using System.CommandLine;
using Strangler.Gateway;
using Strangler.Text;

namespace Strangler.Cli.Commands.Routes;

/// <summary><c>strangler routes history</c>: every route change, oldest first: when, who, what, why.</summary>
internal static class RoutesHistoryCommand
{
    public static Command Create(AdminApiOptions admin)
    {
        var subdomain = new Option<string?>("--subdomain") { Description = "Only this sub-domain's changes." };
        var command = new Command("history", "Show every route change: when, who, from, to, why, revision.") { subdomain };
        AdminCommandAction.Set(command, admin, async (client, parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var only = parseResult.GetValue(subdomain);
            var path = only is null ? StranglerWire.Admin.History : $"{StranglerWire.Admin.History}?subdomain={Uri.EscapeDataString(only)}";
            var changes = (await client.GetAsync(path, cancellationToken)).Get("changes").Items().ToList();
            await output.WriteLineAsync($"{"WHEN (UTC)",-20} {"SUBDOMAIN",-12} {"ACTION",-8} {"FROM",-10} {"TO",-10} {"REV",5}  {"WHO",-10} WHY");
            foreach (var change in changes)
            {
                var at = DateTimeOffset.TryParse(change.Text("at"), out var when) ? when.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") : change.Text("at");
                await output.WriteLineAsync(
                    $"{at,-20} {change.Text("subdomain"),-12} {change.Text("action"),-8} {change.Text("from"),-10} " +
                    $"{change.Text("to"),-10} {change.Text("revision"),5}  {TerminalText.Escape(change.Text("actor")),-10} {TerminalText.Escape(change.Text("reason"))}");
            }

            if (changes.Count == 0)
            {
                await output.WriteLineAsync("(no changes recorded)");
            }

            return 0;
        });
        return command;
    }
}
