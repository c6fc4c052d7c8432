using Strangler.LegacyDatabase.Dialects;

namespace Strangler.LegacyDatabase.Tests.Dialects;

public sealed class SqlIdentifierTests
{
    [Theory]
    [InlineData("Customers\"; DROP TABLE x; --")]
    [InlineData("a]b")]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("a.b.c")]
    public void QuoteTable_NameThatIsNotPlain_ThrowsNamingIt(string name)
    {
        foreach (var provider in Enum.GetValues<LegacyProvider>())
        {
            var error = Assert.Throws<ArgumentException>(() => SqlDialects.For(provider).QuoteTable(name));
            Assert.Contains("not a valid", error.Message);
        }
    }

    [Theory]
    [InlineData(LegacyProvider.Postgres, "\"dbo\".\"Customers\"")]
    [InlineData(LegacyProvider.Sqlite, "\"dbo\".\"Customers\"")]
    [InlineData(LegacyProvider.SqlServer, "[dbo].[Customers]")]
    public void QuoteTable_SchemaQualifiedName_QuotesEachPart(LegacyProvider provider, string expected)
    {
        Assert.Equal(expected, SqlDialects.For(provider).QuoteTable("dbo.Customers"));
    }

    [Fact]
    public void ParseProvider_UnknownName_ListsTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => SqlDialects.ParseProvider("oracle"));
        Assert.Contains("sqlserver, postgres or sqlite", error.Message);
    }
}
