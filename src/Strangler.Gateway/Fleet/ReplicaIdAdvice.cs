namespace Strangler.Gateway.Fleet;

/// <summary>
/// How a gateway refused for a replica id in use gets one of its own, said in its log line: a process refused at start
/// writes nothing to the store, so <c>strangler routes replicas</c> never shows it, and its log is where an operator
/// learns what to change.
/// </summary>
internal static class ReplicaIdAdvice
{
    private const string Setting = FleetOptions.SectionName + ":ReplicaId";

    /// <param name="inUse">The id refused.</param>
    /// <param name="defaultId">This gateway's default id (host name and listening ports, else host name and pid).</param>
    public static string HowToPickAnother(string inUse, string defaultId)
    {
        var how = $"--{Setting}=<id> on the command line, or {Setting.Replace(":", "__", StringComparison.Ordinal)}=<id> in the environment; "
            + "strangler routes replicas lists the ids in use";
        return string.Equals(inUse, defaultId, StringComparison.Ordinal)
            ? $"this gateway's default is that same id (two hosts under one name?), so set one: {how}"
            : $"this gateway's default would be {defaultId}; to set one, {how}";
    }
}
