using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Strangler.Sync.Hosting;

/// <summary>
/// The logging a sync worker starts with, below every other source (an <c>appsettings.json</c>, <c>Logging__*</c>
/// variables and <c>--Logging:...</c> arguments all win). ASP.NET Core's own default logs every HTTP request at
/// Information, four or five lines each: the dashboard polls the status endpoint every 5 s from each gateway, so a worker's
/// log was mostly those lines (70,000 or more a day per gateway) around the pipelines' own.
/// </summary>
internal static class SyncDefaults
{
    /// <summary>The defaults as configuration keys.</summary>
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };

    /// <summary>Adds the defaults to <paramref name="configuration"/> as its lowest-precedence source.</summary>
    public static void AddTo(IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
}
