namespace Strangler.Cli.Commands.Rollout;

/// <summary>The admin API's rollout endpoints, relative to the admin prefix.</summary>
internal static class RolloutPaths
{
    public static string Status(string subdomain) => "rollout/" + Uri.EscapeDataString(subdomain);

    public static string Command(string subdomain, string command) => Status(subdomain) + "/" + command;
}
