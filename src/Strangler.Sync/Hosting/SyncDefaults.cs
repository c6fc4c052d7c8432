using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Strangler.Sync.Hosting;

/// <summary>
/// The logging a sync worker starts with, below every other source (an <c>appsettings.json</c>, <c>Logging__*</c>
/// variables and <c>--Logging:...</c> arguments all win). ASP.NET Core's own default logs every HTTP request at
/// Information, four or five lines each: the dashboard polls the status endpoint every 5 s from each gateway, so a worker's
/// log was mostly those lines (70,000 or more a day per gateway) around the pipelines' own. The console writes one
/// line per entry with a UTC time stamp, as the gateway's does: without one, an operator reading a worker's log (or a
/// file it was redirected to) could not tell when a Kafka error or a retry happened, nor line it up with the gateway's.
/// </summary>
internal static class SyncDefaults
{
    /// <summary>The defaults as configuration keys.</summary>
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ ",
    };

    /// <summary>Adds the defaults to <paramref name="configuration"/> as its lowest-precedence source.</summary>
    public static void AddTo(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
}
