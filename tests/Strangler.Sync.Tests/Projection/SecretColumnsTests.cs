using Strangler.Sync.Projection;

namespace Strangler.Sync.Tests.Projection;

public sealed class SecretColumnsTests
{
    private static readonly Dictionary<string, ColumnMapping> Columns = new()
    {
        ["PwdHash"] = new() { Name = "passwordHash" },
        ["TokenCount"] = new() { Name = "logins", Redact = false },
        ["CardNo"] = new() { Name = "card", Redact = true },
        ["Email"] = new() { Name = "email" },
    };

    [Theory]
    [InlineData("passwordHash", true)]  // renamed to a secret-looking field
    [InlineData("logins", false)]       // a secret-looking column the mapping says is not one
    [InlineData("card", true)]          // declared
    [InlineData("email", false)]
    [InlineData("Api_Key", true)]       // unmapped: its column name is its field name
    [InlineData("ResetToken", true)]
    [InlineData("name", false)]
    public void A_field_is_secret_by_its_mapping_or_else_by_its_name(string field, bool secret) =>
        Assert.Equal(secret, SecretColumns.CoversField(Columns, field));

    [Fact]
    public void A_secret_column_that_cannot_be_converted_is_named_without_its_value()
    {
        var secret = Assert.Throws<ProjectionException>(() => ColumnConverter.Convert("hunter2", "Password", new ColumnMapping { Type = "long", Redact = true }, "dbo.Users"));
        var plain = Assert.Throws<ProjectionException>(() => ColumnConverter.Convert("twelve", "Age", new ColumnMapping { Type = "long" }, "dbo.Users"));

        Assert.Equal("dbo.Users.Password: cannot convert String [redacted] to long", secret.Message);
        Assert.StartsWith("dbo.Users.Age: cannot convert String 'twelve' to long: ", plain.Message);
    }
}
