namespace Strangler.Gateway.Admin;

/// <summary>A request body read by <see cref="RouteChangeRequests"/>: the request, or every problem keyed by field.</summary>
/// <param name="Value">The request; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Problems by field (<c>body</c> for the body as a whole), each with its messages.</param>
internal sealed record RequestRead<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors)
    where T : class
{
    /// <summary>The errors as one line per field, e.g. <c>reason: is required: say why, ...</c>.</summary>
    public IEnumerable<string> Lines => Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}");
}
