using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Admin;

/// <summary>
/// The one shape of every error under <c>/_strangler/api</c> (routes, rollouts, shadow diffs, the token check, the
/// fleet's write guard, unknown paths): <c>application/problem+json</c> with a <c>title</c>, a <c>detail</c> that
/// names what is wrong in one line, and <c>errors</c>, field to messages, so a script reads the field and the CLI
/// (<c>ProblemText</c>) prints each. Some answers were an empty 404 or put <c>errors</c> as a list of lines.
/// </summary>
internal static class AdminProblem
{
    /// <summary>A problem whose <c>detail</c> lists every <c>field: message</c> of <paramref name="errors"/>.</summary>
    public static IResult Of(int status, string title, IReadOnlyDictionary<string, string[]> errors,
        IDictionary<string, object?>? extensions = null) =>
        Results.ValidationProblem(errors,
            detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
            title: title, statusCode: status, extensions: extensions);

    /// <summary>A problem about one <paramref name="field"/>.</summary>
    public static IResult Of(int status, string title, string field, string message) =>
        Of(status, title, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>
    /// A problem from lines written <c>field: message</c>, as the rollout controller writes its refusals; a line
    /// without a field goes under <c>request</c>.
    /// </summary>
    public static IResult FromLines(int status, string title, IEnumerable<string> lines) =>
        Of(status, title, lines
            .Select(line => line.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 && !line[..colon].Contains(' ')
                ? (Field: line[..colon], Message: line[(colon + 2)..])
                : (Field: "request", Message: line))
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
}
