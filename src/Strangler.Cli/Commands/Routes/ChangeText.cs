using System.Text.Json;
using Strangler.Text;

namespace Strangler.Cli.Commands.Routes;

/// <summary>One line for a recorded route change: what moved, from where to where, at which revision.</summary>
internal static class ChangeText
{
    public static string Describe(JsonElement change)
    {
        if (change.ValueKind != JsonValueKind.Object)
        {
            return "Applied.";
        }

        var from = change.Text("from") is { Length: > 0 } f ? f : "(none)";
        var to = change.Text("to") is { Length: > 0 } t ? t : "(removed)";
        return $"{change.Text("subdomain")}: {from} -> {to}, revision {change.Text("fromRevision")} -> {change.Text("revision")} " +
            $"({change.Text("action")} by {TerminalText.Escape(change.Text("actor"))}: {TerminalText.Escape(change.Text("reason"))})";
    }
}
