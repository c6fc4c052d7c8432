using Strangler.Sync.Projection;

namespace Strangler.Sync.Tests.Projection;

public sealed class ColumnConverterTests
{
    [Fact]
    public void A_legacy_date_typed_datetime_becomes_midnight_utc()
    {
        // Debezium's io.debezium.time.Date decodes to a DateOnly, and so does Npgsql's read of a date column.
        var converted = ColumnConverter.Convert(new DateOnly(2020, 1, 2), "Since", new ColumnMapping { Type = "datetime" }, "dbo.Customers");

        var value = Assert.IsType<DateTime>(converted);
        Assert.Equal(new DateTime(2020, 1, 2, 0, 0, 0, DateTimeKind.Utc), value);
        Assert.Equal(DateTimeKind.Utc, value.Kind);
    }

    [Fact]
    public void A_date_that_cannot_be_converted_is_quoted_in_iso_8601()
    {
        var error = Assert.Throws<ProjectionException>(() => ColumnConverter.Convert(new DateOnly(2020, 1, 2), "Age", new ColumnMapping { Type = "long" }, "dbo.Customers"));

        Assert.StartsWith("dbo.Customers.Age: cannot convert DateOnly '2020-01-02' to long: ", error.Message);
    }
}
