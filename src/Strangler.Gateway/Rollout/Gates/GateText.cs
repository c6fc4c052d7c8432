using System.Globalization;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>Figures as the reasons show them: percentages with one decimal, milliseconds, seconds.</summary>
internal static class GateText
{
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Millis(double? seconds) =>
        seconds is { } s ? (s * 1000).ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "n/a";

    public static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>
    /// A span in whole seconds up to two minutes (how a silence or a clock's offset is first seen), then minutes and
    /// seconds: <c>42 s</c>, <c>5 min</c>, <c>5 min 3 s</c>.
    /// </summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (long)span.TotalSeconds;
        return seconds < 120 ? $"{seconds} s"
            : seconds % 60 == 0 ? $"{seconds / 60} min"
            : $"{seconds / 60} min {seconds % 60} s";
    }

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
