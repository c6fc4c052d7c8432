using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Dashboard.Sessions;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// The dashboard's Shadow panel reads the same report as the admin API, behind the dashboard's session instead of
/// the bearer token: <c>ui/shadow</c> (sub-domains with totals) and <c>ui/shadow?subdomain=</c> (one full report).
/// </summary>
internal static class ShadowDashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/ui/shadow", (ShadowResults results, string? subdomain) =>
        {
            if (subdomain is null)
            {
                var summaries = results.Subdomains().Select(results.Report).OfType<DiffReport>()
                    .Select(r => new { r.Subdomain, r.Active, r.Compared, r.Differing, r.DiffRate, r.Dropped, r.TimedOut, r.Failed });
                return Results.Json(new { subdomains = summaries }, AdminJson.Options);
            }

            return results.Report(subdomain) is { } report
                ? Results.Json(report, AdminJson.Options)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"subdomain: no route named '{subdomain}'");
        }).AddEndpointFilter<SessionFilter>();
    }
}
