using System.Globalization;
using System.Text.Json;
using Strangler.Text;

namespace Strangler.Cli.Commands.Routes;

/// <summary>One line for a route change: what moved, from where to where, at which revision; or that nothing had to.</summary>
internal static class ChangeText
{
    /// <param name="change">The flip's or rollback's answer.</param>
    /// <param name="rolledBackTo">For a rollback, the revision asked for, named when the route already is as it was then.</param>
    public static string Describe(JsonElement change, long? rolledBackTo = null)
    {
        if (change.ValueKind != JsonValueKind.Object)
        {
            return "Applied.";
        }

        var to = change.Text("to") is { Length: > 0 } t ? t : "(removed)";
        if (change.TryGetProperty("changed", out var changed) && changed.ValueKind == JsonValueKind.False)
        {
            // Exit 0 all the same: the state asked for is the state there is, so a script can ensure one.
            var revision = change.Text("revision");
            var asAt = rolledBackTo is { } asked && asked.ToString(CultureInfo.InvariantCulture) != revision ? $" (as at revision {asked})" : "";
            return $"{change.Text("subdomain")} is already {to} at revision {revision}{asAt}; nothing recorded";
        }

        var from = change.Text("from") is { Length: > 0 } f ? f : "(none)";
        return $"{change.Text("subdomain")}: {from} -> {to}, revision {change.Text("fromRevision")} -> {change.Text("revision")} " +
            $"({change.Text("action")} by {TerminalText.Escape(change.Text("actor"))}: {TerminalText.Escape(change.Text("reason"))})";
    }
}
