using System.Globalization;

namespace Strangler.Sync.Debezium;

/// <summary>Turns exact decimal text into a CLR value without losing a digit.</summary>
internal static class DecimalText
{
    /// <summary>
    /// A <see cref="decimal"/> when it holds the number exactly (28 significant digits, scale up to 28); otherwise the
    /// text itself, normalised (no exponent), so that a MySQL DECIMAL(65,30) or a PostgreSQL NUMERIC is never rounded on
    /// its way into the store. <c>decimal.Parse</c> would round such a value silently, or throw past 7.9e28.
    /// </summary>
    public static object Exact(string text)
    {
        var plain = Plain(text);
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
               && Canonical(value.ToString(CultureInfo.InvariantCulture)) == Canonical(plain)
            ? value
            : plain;
    }

    /// <summary>The value's digits only, so that 150, 150.0 and 1.50E+2 compare equal and a rounded value does not.</summary>
    private static string Canonical(string plain)
    {
        var text = plain.Contains('.') ? plain.TrimEnd('0').TrimEnd('.') : plain;
        return text is "-0" ? "0" : text;
    }

    /// <summary>The number as digits with an optional sign and point, no exponent: "1.5E+2" -> "150", "-0.0" -> "-0.0".</summary>
    private static string Plain(string text)
    {
        var e = text.IndexOfAny(['e', 'E']);
        if (e < 0)
        {
            return text.StartsWith('+') ? text[1..] : text;
        }

        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = text[..e];
        var negative = mantissa.StartsWith('-');
        mantissa = mantissa.TrimStart('-', '+');
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = (point < 0 ? mantissa.Length : point) + exponent;
        string result;
        if (integerDigits <= 0)
        {
            result = "0." + new string('0', -integerDigits) + digits;
        }
        else if (integerDigits >= digits.Length)
        {
            result = digits + new string('0', integerDigits - digits.Length);
        }
        else
        {
            result = digits[..integerDigits] + "." + digits[integerDigits..];
        }

        return (negative ? "-" : string.Empty) + result.TrimStart('0') switch
        {
            "" => "0",
            var s when s.StartsWith('.') => "0" + s,
            var s => s,
        };
    }
}
