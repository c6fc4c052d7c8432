using System.Globalization;
using System.Text;

namespace Strangler.Cli.Commands.Demo;

/// <summary>How a burst of requests split between the sides.</summary>
internal sealed record TrafficReport
{
    /// <summary>Answered requests per side (<c>legacy</c>, <c>new</c>, or <c>unknown</c> without a served-by header).</summary>
    public required IReadOnlyDictionary<string, int> BySide { get; init; }

    /// <summary>A failure reason: the answer was a 5xx.</summary>
    public const string ServerError = "5xx";

    /// <summary>A failure reason: no connection, or it broke before an answer.</summary>
    public const string NoConnection = "no connection";

    /// <summary>A failure reason: no answer within the timeout.</summary>
    public const string TimedOut = "timed out";

    /// <summary>Failed requests by reason (<see cref="ServerError"/>, <see cref="NoConnection"/>, <see cref="TimedOut"/>).</summary>
    public IReadOnlyDictionary<string, int> Failures { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Answers with a 4xx status, by status: served by a side (and counted in <see cref="BySide"/>), yet a sign that
    /// the path is wrong (<c>--path /nothing-here</c> read as all served).
    /// </summary>
    public IReadOnlyDictionary<int, int> ClientErrors { get; init; } = new Dictionary<int, int>();

    /// <summary>Requests that failed, for any reason.</summary>
    public int Failed => Failures.Values.Sum();

    /// <summary>User keys that were served by both sides within the burst (a sticky canary keeps this at 0).</summary>
    public required int UsersOnBothSides { get; init; }

    public int Count(string side) => BySide.TryGetValue(side, out var count) ? count : 0;

    public string Format(TrafficSettings settings)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{settings.Requests} requests to {new Uri(settings.Gateway, settings.Path)} from {settings.Users} users ({settings.UserHeader}):");
        foreach (var (side, count) in BySide.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {side,-8} {count,6}  {100.0 * count / settings.Requests,5:F1}%  {new string('#', count * 40 / settings.Requests)}");
        }

        var reasons = Failures.Count == 0
            ? ""
            : "  (" + string.Join(", ", Failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {f.Value}")) + ")";
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"failed",-8} {Failed,6}{reasons}");
        if (ClientErrors.Count > 0)
        {
            var statuses = string.Join(", ", ClientErrors.OrderBy(e => e.Key).Select(e => $"{e.Key}: {e.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {"4xx",-8} {ClientErrors.Values.Sum(),6}  ({statuses}; counted above by the side that answered: is the path right?)");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  users served by both sides: {UsersOnBothSides}");
        if (Count("unknown") > 0)
        {
            text.AppendLine($"  ('unknown': no {settings.ServedByHeader} header; is Strangler:Gateway:ServedByHeader set?)");
        }

        return text.ToString();
    }
}
