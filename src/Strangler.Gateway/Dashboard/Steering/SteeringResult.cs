using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>
/// Outcome of a flip or rollback: the route as it now is (changed, or already so), or every reason it was refused
/// with the HTTP status that fits (400 invalid, 404 unknown sub-domain or revision, 409 the route file could not be
/// written).
/// </summary>
internal sealed record SteeringResult(SteeringAnswer? Route, IReadOnlyList<string> Errors, int Status = StatusCodes.Status200OK)
{
    public bool Succeeded => Errors.Count == 0;

    public static SteeringResult Ok(SteeringAnswer route) => new(route, []);

    public static SteeringResult Refused(int status, params string[] errors) => new(null, errors, status);
}
