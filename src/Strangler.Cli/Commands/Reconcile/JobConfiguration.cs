using System.CommandLine;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// The configuration a job command reads, as <c>strangler sync</c> does: <c>appsettings.json</c> in the current
/// folder, environment variables, then <c>--Strangler:Sync:...=value</c> arguments.
/// </summary>
internal static class JobConfiguration
{
    public static IConfiguration Build(ParseResult parseResult) =>
        new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. parseResult.UnmatchedTokens])
            .Build();

    /// <summary>
    /// The first argument that is neither the command's own nor a setting (<c>--Section:Key=value</c>,
    /// <c>--Section:Key value</c>), said as a one-line error; null when there is none.
    /// </summary>
    /// <remarks>
    /// The commands pass what they do not know to the configuration, which ignores a key nothing reads: a misspelled
    /// <c>--repiar new</c> ran a whole job that repaired nothing, and <c>--reprot x.ndjson</c> wrote (or resumed) the
    /// default report. Every setting a job reads has a section, so a key without a <c>:</c> is a mistake.
    /// </remarks>
    public static string? Unrecognized(ParseResult parseResult)
    {
        var tokens = parseResult.UnmatchedTokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var switched = token.StartsWith("--", StringComparison.Ordinal) ? 2 : token.StartsWith('/') ? 1 : 0;
            if (switched == 0 && token.StartsWith('-'))
            {
                return Unknown(token);
            }

            var text = token[switched..];
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? text : text[..equals];
            if (key.Length == 0 || !key.Contains(':', StringComparison.Ordinal) || (switched == 0 && equals < 0))
            {
                return Unknown(token);
            }

            if (equals < 0)
            {
                // "--Section:Key value": the value is the next argument.
                if (i + 1 == tokens.Count)
                {
                    return $"the setting '{token}' has no value: pass --{key}=value.";
                }

                i++;
            }
        }

        return null;
    }

    private static string Unknown(string token) =>
        $"unrecognized option or argument '{token}' (settings are passed as --Section:Key=value, such as --Strangler:Sync:Reconcile:BatchSize=1000).";
}
