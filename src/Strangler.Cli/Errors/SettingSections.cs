namespace Strangler.Cli.Errors;

/// <summary>
/// The configuration sections some part of the program reads, so that a setting under any other is refused as a
/// misspelling: <c>gateway --Gatway:Port 5000</c> or <c>sync --Strangler:Sycn:BootstrapServers=kafka:9092</c> was
/// accepted and ignored, and the gateway or worker started on its defaults.
/// </summary>
/// <remarks>
/// One list for every command that takes settings (<c>gateway</c>, <c>sync</c>, <c>sample</c>, <c>reconcile</c>,
/// <c>load</c>): a section another of them reads is no misspelling, only a setting this one ignores.
/// </remarks>
internal static class SettingSections
{
    /// <summary>The top-level sections read, in the order a refusal lists them.</summary>
    public static readonly IReadOnlyList<string> TopLevel =
    [
        // Ours; its own sections are checked too (Sections below).
        "Strangler",
        // The samples' services (strangler sample), and the demo's settings for them.
        "CustomersService",
        "LegacyMonolith",
        // Microsoft.Extensions.Logging: levels (Logging:LogLevel:Default) and the console formatter.
        "Logging",
        // The web host's server: endpoints, certificates, limits (Kestrel:Endpoints:Http:Url).
        "Kestrel",
        // The generic host's own (hostBuilder:reloadConfigOnChange), which the tests set to spare file watchers.
        "hostBuilder",
    ];

    /// <summary>The sections under <c>Strangler</c>: a setting in any other is read by nothing.</summary>
    public static readonly IReadOnlyList<string> Sections =
    [
        "Gateway",
        "Sync",
        "Dashboard",
        "Outbox",
        // The backfill's former section: still read, to say at start that it moved to Strangler:Sync:Backfill.
        "Backfill",
    ];

    /// <summary>
    /// Null when <paramref name="key"/> (a setting's path, <c>Section:Key</c>) is under a section that is read;
    /// otherwise the clause refusing it, with the section it most likely meant.
    /// </summary>
    public static string? Problem(string key)
    {
        var parts = key.Split(':');
        if (!TopLevel.Contains(parts[0], StringComparer.OrdinalIgnoreCase))
        {
            // "Gatway" is likelier Strangler:Gateway, with its prefix left out, than a misspelt top-level section.
            var meant = OptionSpelling.Nearest(parts[0], TopLevel)
                ?? (OptionSpelling.Nearest(parts[0], Sections) is { } section ? $"Strangler:{section}" : null);
            return Refusal(key, parts[0], meant, 1);
        }

        if (string.Equals(parts[0], "Strangler", StringComparison.OrdinalIgnoreCase) && parts.Length > 1
            && !Sections.Contains(parts[1], StringComparer.OrdinalIgnoreCase))
        {
            var meant = OptionSpelling.Nearest(parts[1], Sections) is { } section ? $"Strangler:{section}" : null;
            return Refusal(key, $"{parts[0]}:{parts[1]}", meant, 2);
        }

        return null;
    }

    private static string Refusal(string key, string section, string? meant, int replaced)
    {
        var rest = string.Join(':', key.Split(':').Skip(replaced));
        // The key only, never its value: a misplaced setting may well be a password.
        var refused = $"nothing reads the setting section '{section}' of '--{key}'";
        if (meant is null)
        {
            return $"{refused}; the sections read are {string.Join(", ", Sections.Select(s => "Strangler:" + s).Concat(TopLevel.Skip(1)))}.";
        }

        // The key under the section meant is checked as the start-up check would (UnknownSettings): "--Gatway:Port"
        // was answered "did you mean --Strangler:Gateway:Port?", a key nothing reads either, refused when followed.
        if (rest.Length == 0)
        {
            return $"{refused}; did you mean --{meant}?";
        }

        return UnknownSettings.Accepted($"{meant}:{rest}", out var hint) is { } accepted
            ? $"{refused}; did you mean --{accepted}?"
            : $"{refused}; it most likely meant {meant}, but {hint}";
    }
}
