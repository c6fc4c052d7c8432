namespace Strangler.Tests.Shared;

/// <summary>
/// The one place a test asks for the PostgreSQL server: the connection string in <c>STRANGLER_TEST_POSTGRES</c>, or a
/// skip with the reason when it is unset, or a failure when <c>STRANGLER_REQUIRE_SERVERS=1</c> (as <c>./test.sh</c>
/// sets), so a run that was meant to use the real server cannot pass by skipping. Each test still makes its own
/// database or schema on it.
/// </summary>
public static class PostgresGate
{
    /// <summary>The environment variable holding the server's connection string.</summary>
    public const string Variable = "STRANGLER_TEST_POSTGRES";

    /// <summary>The server's connection string; skips (or fails, when servers are required) the calling test when unset.</summary>
    public static string ConnectionString(string? why = null)
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(server))
        {
            return server;
        }

        var need = why is null ? "" : $" ({why})";
        if (ServersRequired)
        {
            Assert.Fail($"{Variable} is not set but STRANGLER_REQUIRE_SERVERS=1: PostgreSQL is required{need}.");
        }

        Assert.Skip($"{Variable} is not set{need}: run ./test.sh or source eng/start-postgres.sh.");
        return null!;
    }

    /// <summary>Whether a missing server is a failure rather than a skip (<c>STRANGLER_REQUIRE_SERVERS=1</c>).</summary>
    public static bool ServersRequired => Environment.GetEnvironmentVariable("STRANGLER_REQUIRE_SERVERS") == "1";
}
