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

    /// <summary>
    /// Regression (found projecting a PostgreSQL table through Debezium's defaults without schemas): a numeric column
    /// arrives as base64 bytes ("BLA=" is 4.00 at scale 2), and the dead letter said only that 'BLA=' is no decimal.
    /// </summary>
    [Fact]
    public void A_decimal_encoded_as_debezium_bytes_without_its_schema_names_the_connector_settings()
    {
        var error = Assert.Throws<ProjectionException>(() => ColumnConverter.Convert("BLA=", "price", new ColumnMapping { Type = "decimal" }, "public.products"));

        Assert.StartsWith("public.products.price: cannot convert String 'BLA=' to decimal: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("decimal.handling.mode=string", error.Message, StringComparison.Ordinal);
        Assert.Contains("value.converter.schemas.enable=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decimal_that_is_plain_text_gets_no_debezium_hint()
    {
        var error = Assert.Throws<ProjectionException>(() => ColumnConverter.Convert("12,5 EUR", "price", new ColumnMapping { Type = "decimal" }, "public.products"));

        Assert.DoesNotContain("decimal.handling.mode", error.Message, StringComparison.Ordinal);
    }
}
