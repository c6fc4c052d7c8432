using System.Reflection;
using System.Text.RegularExpressions;
using Strangler.Cli.Tests.Infrastructure;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Fleet;

namespace Strangler.Cli.Tests.Commands;

public sealed partial class GatewayHelpTests
{
    [Fact]
    // Bug: the help named --routes, --urls and --access-log only: no admin token, no default upstream, no fleet store.
    public async Task Help_lists_the_settings_an_operator_sets_with_their_defaults()
    {
        var result = await CliRunner.RunAsync("gateway", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Settings, under Strangler:Gateway", result.Output);
        Assert.Contains("README's 'Configuration (Strangler:Gateway", result.Output);
        foreach (var key in new[] { "RoutesDirectory", "DefaultUpstream", "AdminToken", "Fleet:{Store", "AccessLog:Enabled", "UpstreamTimeout" })
        {
            Assert.Matches($@"\n {{2}}(\S.*[ {{,])?{Regex.Escape(key)}[:,{{ ]", result.Output);
        }

        Assert.Contains("Strangler__Gateway__AdminToken", result.Output);
        Assert.Contains("--urls (default http://127.0.0.1:5100)", result.Output);
        Assert.Contains("--Logging:LogLevel:<category>", result.Output);
    }

    [Fact]
    // Bug: the help named Fleet:Store and the connection string only; a replica started so refused to start, asking for
    // an OverrideSigningKey and a Dashboard:KeysDirectory the help had not mentioned.
    public async Task Help_says_what_else_a_fleet_replica_needs()
    {
        var result = await CliRunner.RunAsync("gateway", "--help");

        // Whitespace runs as one space: the help wraps its lines at the terminal's width.
        var help = Regex.Replace(result.Output, @"\s+", " ");
        Assert.Contains("every replica then needs the same OverrideSigningKey and one shared Strangler:Dashboard:KeysDirectory", help);
    }

    [Fact]
    // Bug: --access-log said "Off by default: only warnings and errors are logged", but the gateway's defaults
    // (Hosting/gateway-defaults.json) log Strangler.* and Microsoft.Hosting.Lifetime at Information, as the README says.
    public async Task The_access_log_option_says_what_is_off_without_it()
    {
        var result = await CliRunner.RunAsync("gateway", "--help");

        Assert.Contains("Off by default: a proxied request writes no log line.", result.Output.ReplaceLineEndings(" "));
        Assert.DoesNotContain("only warnings and errors", result.Output);
    }

    [Fact]
    public void Every_key_the_help_names_is_one_the_gateway_reads()
    {
        var read = Names(typeof(GatewayOptions)).Concat(Names(typeof(FleetOptions)).Select(n => "Fleet:" + n))
            .Concat(Names(typeof(DashboardOptions)).Select(n => "Dashboard:" + n)).ToHashSet(StringComparer.Ordinal);
        var listed = Cli.Commands.GatewaySettings.Listed.SelectMany(s => Keys(s.Key)).Where(k => !k.EndsWith(":*", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(listed);
        Assert.All(listed, key => Assert.True(read.Contains(key) || read.Contains(key.Split(':')[0]), $"the help names {key}, which nothing reads"));
    }

    // "Fleet:{Store, ConnectionString}" names Fleet:Store and Fleet:ConnectionString.
    private static IEnumerable<string> Keys(string listed) =>
        Braced().Replace(listed, m => string.Join(", ", m.Groups["keys"].Value.Split(", ").Select(k => m.Groups["prefix"].Value + k)))
            .Split(", ");

    private static IEnumerable<string> Names(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);

    [GeneratedRegex(@"(?<prefix>\w+:)\{(?<keys>[^}]*)\}")]
    private static partial Regex Braced();
}
