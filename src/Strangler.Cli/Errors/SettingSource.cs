using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Strangler.Cli.Errors;

/// <summary>
/// Where a setting came from, as an operator would look for it: the command line, an environment variable by its
/// name, or a file by its path. A misspelt key in a file read by every start is not found by reading the command.
/// </summary>
internal static partial class SettingSource
{
    /// <summary>The source that set <paramref name="section"/> (or the first value under it); null when none tells.</summary>
    public static string? Of(IConfiguration configuration, IConfigurationSection section)
    {
        var key = section.Value is not null ? section.Path : section.AsEnumerable().FirstOrDefault(p => p.Value is not null).Key;
        return key is null || configuration is not IConfigurationRoot root ? null : Find(root, key);
    }

    private static string? Find(IConfigurationRoot root, string key)
    {
        // The last provider wins, as the configuration reads them.
        foreach (var provider in root.Providers.Reverse())
        {
            if (provider is ChainedConfigurationProvider { Configuration: IConfigurationRoot inner } && Find(inner, key) is { } nested)
            {
                return nested;
            }

            if (!provider.TryGet(key, out _))
            {
                continue;
            }

            return provider switch
            {
                CommandLineConfigurationProvider => "the command line",
                EnvironmentVariablesConfigurationProvider => $"the environment variable {Prefix(provider)}{key.Replace(":", "__", StringComparison.Ordinal)}",
                FileConfigurationProvider file => file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath ?? file.Source.Path,
                _ => null,
            };
        }

        return null;
    }

    // EnvironmentVariablesConfigurationProvider keeps its prefix (DOTNET_, ASPNETCORE_) private but names it in ToString.
    private static string Prefix(IConfigurationProvider provider) =>
        EnvironmentPrefix().Match(provider.ToString() ?? "") is { Success: true } match ? match.Groups["prefix"].Value : "";

    [GeneratedRegex("Prefix: '(?<prefix>[^']*)'")]
    private static partial Regex EnvironmentPrefix();
}
