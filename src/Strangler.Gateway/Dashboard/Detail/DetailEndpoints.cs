using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Dashboard.Sessions;

namespace Strangler.Gateway.Dashboard.Detail;

/// <summary>
/// <c>GET {PathBase}/ui/detail?subdomain=customers&amp;minutes=60</c>: the data of a sub-domain's detail view. Needs a
/// session, like the other <c>/ui</c> read models.
/// </summary>
internal static class DetailEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGroup("/ui").AddEndpointFilter<SessionFilter>().MapGet("/detail", async Task<Results<Ok<DetailDto>, ProblemHttpResult>> (
            string? subdomain, int? minutes, DetailBuilder detail, CancellationToken ct) =>
        {
            var errors = new List<string>();
            if (string.IsNullOrWhiteSpace(subdomain))
            {
                errors.Add("subdomain: required, the name of a route (e.g. customers)");
            }

            var span = TimeSpan.FromMinutes(minutes ?? 60);
            if (span <= TimeSpan.Zero || span > DetailBuilder.MaxSpan)
            {
                errors.Add($"minutes: must be from 1 to {DetailBuilder.MaxSpan.TotalMinutes}, was '{minutes}'");
            }

            if (errors.Count > 0)
            {
                return Refused(StatusCodes.Status400BadRequest, [.. errors]);
            }

            return await detail.BuildAsync(subdomain!, span, ct) is { } dto
                ? TypedResults.Ok(dto)
                : Refused(StatusCodes.Status404NotFound,
                    [$"subdomain: '{subdomain}' is neither a route nor seen in traffic"]);
        });

    private static ProblemHttpResult Refused(int status, string[] errors) => TypedResults.Problem(
        title: "Request refused",
        detail: string.Join("; ", errors),
        statusCode: status,
        extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
