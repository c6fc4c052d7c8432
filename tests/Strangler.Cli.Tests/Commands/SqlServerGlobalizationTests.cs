using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// The shipped process can open a SQL Server connection at all. Regression: every project ran in invariant
/// globalization mode, which Microsoft.Data.SqlClient refuses before it touches the network ("Globalization Invariant
/// Mode is not supported"), so migrate, the write-back and reconcile failed on every SQL Server. No server runs here:
/// a refused port shows the driver got as far as the network.
/// </summary>
public sealed class SqlServerGlobalizationTests
{
    [Fact]
    public async Task Migrate_SqlServer_ReachesTheNetwork()
    {
        using var closed = new ClosedPort();
        var port = new Uri(closed.Url).Port;

        var result = await CliProcess.RunAsync(
        [
            "migrate", "--provider", "sqlserver", "--connection",
            $"Server=tcp:127.0.0.1,{port};User ID=sa;Password=Not-The-Password-1;Encrypt=False;Connect Timeout=5",
        ]);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("Globalization", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"127.0.0.1,{port}", result.Error);
        Assert.Contains("refused", result.Error);
        Assert.DoesNotContain("Not-The-Password-1", result.Error + result.Output);
    }
}
