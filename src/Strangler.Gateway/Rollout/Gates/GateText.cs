using System.Globalization;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>Figures as the reasons show them: percentages with one decimal, milliseconds, seconds.</summary>
internal static class GateText
{
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Millis(double? seconds) =>
        seconds is { } s ? (s * 1000).ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "n/a";

    public static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
