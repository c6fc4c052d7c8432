using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// Bug: a setting the configuration binder cannot convert (<c>--Strangler:Sync:Reconcile:BatchSize=abc</c>) ended every
/// command that reads configuration as "unexpected error (InvalidOperationException): Failed to convert configuration
/// value ...", exit 1, as if the tool had failed; it is a configuration mistake like any other: exit 2, one line naming
/// the key, the value and what the setting takes. Runs the real process.
/// </summary>
public sealed class ConfigurationValueTests
{
    private const string Gateway = "gateway --routes {dir} --urls http://127.0.0.1:0 --Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1";
    private const string Job = "--Strangler:Sync:Reconcile:Provider=sqlite --Strangler:Sync:Reconcile:ConnectionString=DataSource={dir}/legacy.db";

    public static TheoryData<string, string> Cases => new()
    {
        { $"reconcile customers {Job} --Strangler:Sync:Reconcile:BatchSize=abc", "reconcile: invalid configuration: Strangler:Sync:Reconcile:BatchSize: 'abc' is not a whole number (such as 500)" },
        { $"load customers {Job} --Strangler:Sync:Reconcile:Concurrency=4.5", "load: invalid configuration: Strangler:Sync:Reconcile:Concurrency: '4.5' is not a whole number (such as 500)" },
        { "sync --urls http://127.0.0.1:0 --Strangler:Sync:UseMockCluster=yes", "error: Strangler:Sync:UseMockCluster: 'yes' is not true or false" },
        { $"{Gateway} --Strangler:Gateway:AuthFailureLimit=ten", "error: Strangler:Gateway:AuthFailureLimit: 'ten' is not a whole number (such as 500)" },
        { $"{Gateway} --Strangler:Gateway:UpstreamTimeout=30s", "error: Strangler:Gateway:UpstreamTimeout: '30s' is not a duration hh:mm:ss[.fff] (such as 00:00:30 for 30 seconds)" },
        { "sample customers-service --urls http://127.0.0.1:0 --CustomersService:FaultsEndpoint=on", "error: CustomersService:FaultsEndpoint: 'on' is not true or false" },
        { "sample legacy-monolith --urls http://127.0.0.1:0 --LegacyMonolith:Seed=no", "error: LegacyMonolith:Seed: 'no' is not true or false" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_value_the_binder_cannot_convert_is_a_configuration_error_naming_key_value_and_form(string command, string expected)
    {
        using var directory = new TempDirectory();
        var args = command.Split(' ').Select(a => a.Replace("{dir}", directory.Path, StringComparison.Ordinal)).ToArray();

        var result = await CliProcess.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.EndsWith(expected, line);
        Assert.DoesNotContain("unexpected error", result.Error);
        Assert.DoesNotContain("   at ", result.Error + result.Output);
    }
}
