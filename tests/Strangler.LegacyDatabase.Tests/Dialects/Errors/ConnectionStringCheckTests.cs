using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.LegacyDatabase.Tests.Dialects.Errors;

/// <summary>
/// A password holding an unquoted ';' splits the connection string: the part after it reads as a keyword the driver
/// does not know, and the driver's message quotes it. The check and the dialects say what is wrong without it.
/// </summary>
public sealed class ConnectionStringCheckTests
{
    private const string Secret = "s3cret-value"; // lower case: Npgsql lower-cases the keyword it quotes

    public static TheoryData<LegacyProvider, string> Refused => new()
    {
        { LegacyProvider.Postgres, $"Host=db;Username=app;Password=ab;{Secret}=x" },
        { LegacyProvider.Postgres, $"Host=db;Username=app;Password=ab;{Secret}" },
        { LegacyProvider.Postgres, $"Host=db;Password=\"{Secret}" },
        { LegacyProvider.SqlServer, $"Server=db;User ID=app;Password=ab;{Secret}=x" },
        { LegacyProvider.SqlServer, $"Server=db;User ID=app;Password=ab;{Secret}" },
        { LegacyProvider.Sqlite, $"Data Source=legacy.db;Password=ab;{Secret}=x" },
        // Another provider's connection string: a keyword this driver does not know.
        { LegacyProvider.Sqlite, $"Host=db;Password={Secret}" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Problem_OfAStringTheDriverRefuses_SaysWhatIsWrong_QuotingNoneOfIt(LegacyProvider provider, string connectionString)
    {
        var problem = ConnectionStringCheck.Problem(provider, connectionString);

        Assert.NotNull(problem);
        Assert.Contains("must be enclosed in double quotes", problem);
        Assert.DoesNotContain(Secret, problem);
        Assert.DoesNotContain("Host=db", problem);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void CreateConnection_OfAStringTheDriverRefuses_ThrowsWithoutTheDriversMessage(LegacyProvider provider, string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => SqlDialects.For(provider).CreateConnection(connectionString));

        Assert.Contains("is not one the", error.Message);
        // Nothing of the string, and no inner exception for a logger to print.
        Assert.DoesNotContain(Secret, error.ToString());
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void TheDriversOwnMessages_QuoteWhatFollowsTheSemicolon()
    {
        // Why the check exists; if a driver stops doing this, the check still holds.
        Assert.Contains(Secret, Assert.ThrowsAny<ArgumentException>(() => new NpgsqlConnection($"Host=db;Password=ab;{Secret}=x")).Message);
        Assert.Contains(Secret, Assert.ThrowsAny<ArgumentException>(() => new SqlConnection($"Server=db;Password=ab;{Secret}=x")).Message);
        Assert.Contains(Secret, Assert.ThrowsAny<ArgumentException>(() => new SqliteConnection($"Data Source=x;Password=ab;{Secret}=x")).Message);
    }

    public static TheoryData<LegacyProvider, string> Accepted => new()
    {
        { LegacyProvider.Postgres, "Host=db;Username=app;Password=\"ab;cd=ef\"" },
        { LegacyProvider.Postgres, "Host=db;Username=app;Password=ab=cd" },
        { LegacyProvider.SqlServer, "Server=db;User ID=app;Password=\"ab;c\"\"d\";TrustServerCertificate=true" },
        { LegacyProvider.Sqlite, "Data Source=legacy.db;Default Timeout=30" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Problem_OfAQuotedPassword_IsNone(LegacyProvider provider, string connectionString)
    {
        Assert.Null(ConnectionStringCheck.Problem(provider, connectionString));
        Assert.NotNull(SqlDialects.For(provider).CreateConnection(connectionString));
    }
}
