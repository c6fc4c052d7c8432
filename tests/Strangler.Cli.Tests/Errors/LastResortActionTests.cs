using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Strangler.Cli.Errors;

namespace Strangler.Cli.Tests.Errors;

public sealed class LastResortActionTests
{
    private static async Task<(int ExitCode, string Error)> RunAsync(Command command, params string[] args)
    {
        var root = new RootCommand { command };
        LastResortAction.Guard(root);
        var error = new StringWriter();
        var exitCode = await root.Parse(args).InvokeAsync(
            new InvocationConfiguration { Output = TextWriter.Null, Error = error }, TestContext.Current.CancellationToken);
        return (exitCode, error.ToString());
    }

    [Fact]
    public async Task UnexpectedException_InAnAsyncAction_IsOneLineWithTheCommandAndExitOne()
    {
        var command = new Command("boom");
        command.SetAction((_, _) => throw new InvalidOperationException("first line\n   at Somewhere.Deep()"));

        var (exitCode, error) = await RunAsync(command, "boom");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("strangler boom: unexpected error (InvalidOperationException): first line", line);
        Assert.DoesNotContain("\n   at ", error);
    }

    [Fact]
    public async Task ASettingTheBinderCannotConvert_IsAConfigurationMistake_ExitTwo()
    {
        // It was "unexpected error (InvalidOperationException): Failed to convert configuration value ...", exit 1.
        var command = new Command("bind");
        command.SetAction(_ => new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["App:Port"] = "eighty" }).Build()
            .GetValue<int>("App:Port"));

        var (exitCode, error) = await RunAsync(command, "bind");

        Assert.Equal(2, exitCode);
        Assert.Equal("strangler bind: invalid configuration: App:Port: 'eighty' is not a whole number (such as 500)", error.Trim());
    }

    [Fact]
    public async Task IoException_InASyncAction_IsItsMessage()
    {
        var command = new Command("read");
        command.SetAction(_ => File.ReadAllText(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "x")).Length);

        var (exitCode, error) = await RunAsync(command, "read");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("strangler read: Could not find a part of the path", error);
    }

    [Fact]
    public async Task DatabaseException_IsDescribed_WithoutTheDetailThatQuotesRowValues()
    {
        // A real PostgreSQL error whose detail names a row, over a connection that asks for error detail.
        var command = new Command("db");
        command.SetAction(async (_, cancellationToken) =>
        {
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(PostgresGate.ConnectionString()) { IncludeErrorDetail = true }.ConnectionString;
            await using var connection = new Npgsql.NpgsqlConnection(cs);
            await connection.OpenAsync(cancellationToken);
            await using var raise = new Npgsql.NpgsqlCommand(
                "DO $$ BEGIN RAISE EXCEPTION 'row refused' USING DETAIL = 'Failing row contains (7, s3cret)'; END $$", connection);
            await raise.ExecuteNonQueryAsync(cancellationToken);
            return 0;
        });

        var (exitCode, error) = await RunAsync(command, "db");

        Assert.Equal(1, exitCode);
        Assert.Equal("strangler db: database error: P0001: row refused", error.TrimEnd());
    }

    [Fact]
    public void OneLine_CollapsesLinesAndBoundsTheLength()
    {
        Assert.Equal("a b c", CliErrorText.OneLine("a\r\n  b\n\tc\n"));
        Assert.Equal(401, CliErrorText.OneLine(new string('x', 5000)).Length);
    }
}
