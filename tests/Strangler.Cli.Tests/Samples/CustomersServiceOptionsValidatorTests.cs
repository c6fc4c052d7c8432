using Samples.CustomersService;

namespace Strangler.Cli.Tests.Samples;

public sealed class CustomersServiceOptionsValidatorTests
{
    [Fact]
    public void ALegacyKeysConnectionStringSqliteCannotRead_IsRefusedByKey_WithoutBeingQuoted()
    {
        var options = new CustomersServiceOptions { DatabasePath = "customers.db", LegacyKeysConnectionString = "Data Source=legacy.db;Password=ab;s3cret=x" };

        var failure = Assert.Single(new CustomersServiceOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("CustomersService:LegacyKeysConnectionString is not one the SQLite (Microsoft.Data.Sqlite) driver can read", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void NoLegacyKeysConnectionString_IsValid() =>
        Assert.True(new CustomersServiceOptionsValidator().Validate(null, new CustomersServiceOptions { DatabasePath = "customers.db" }).Succeeded);
}
