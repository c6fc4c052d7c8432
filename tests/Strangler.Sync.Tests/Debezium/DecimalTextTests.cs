using Strangler.Sync.Debezium;

namespace Strangler.Sync.Tests.Debezium;

/// <summary>Decimals reach the store exactly: as <see cref="decimal"/> when it can hold them, as their text when not.</summary>
public sealed class DecimalTextTests
{
    [Theory]
    [InlineData("12345.110", "12345.110")]
    [InlineData("1E+2", "100")]
    [InlineData("1.50E+2", "150")]
    [InlineData("-2.5e-3", "-0.0025")]
    [InlineData("-0.000", "0")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")] // decimal.MaxValue
    public void A_number_decimal_can_hold_becomes_a_decimal(string text, string expected)
    {
        var value = DecimalText.Exact(text);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<decimal>(value));
    }

    [Theory]
    [InlineData("123456789876543212345678987654321.110", "123456789876543212345678987654321.110")] // DECIMAL(40,3), from Paimon's capture
    [InlineData("2222222222222222300000001111.1234567890", "2222222222222222300000001111.1234567890")] // 38 digits: decimal would round
    [InlineData("79228162514264337593543950336", "79228162514264337593543950336")] // decimal.MaxValue + 1
    [InlineData("1.2345678901234567890123456789012E+3", "1234.5678901234567890123456789012")]
    [InlineData("-1E-30", "-0.000000000000000000000000000001")]
    public void A_number_decimal_would_round_stays_exact_text(string text, string expected)
    {
        Assert.Equal(expected, Assert.IsType<string>(DecimalText.Exact(text)));
    }
}
