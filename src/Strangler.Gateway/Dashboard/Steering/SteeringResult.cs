using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>
/// Outcome of a flip or rollback: the new route, or every reason it was refused with the HTTP status that fits
/// (400 invalid, 404 unknown sub-domain or revision, 409 the route file could not be written).
/// </summary>
internal sealed record SteeringResult(RouteView? Route, IReadOnlyList<string> Errors, int Status = StatusCodes.Status200OK)
{
    public bool Succeeded => Errors.Count == 0;

    public static SteeringResult Ok(RouteView route) => new(route, []);

    public static SteeringResult Refused(int status, params string[] errors) => new(null, errors, status);
}
