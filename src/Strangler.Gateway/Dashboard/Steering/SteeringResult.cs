namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>Outcome of a flip or rollback: the new route, or every reason it was refused.</summary>
internal sealed record SteeringResult(RouteView? Route, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static SteeringResult Ok(RouteView route) => new(route, []);

    public static SteeringResult Refused(params string[] errors) => new(null, errors);
}
