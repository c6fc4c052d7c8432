using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// The shadow report on the admin API (behind its token): <c>GET /diffs</c> lists sub-domains with a summary,
/// <c>GET /diffs?subdomain=</c> is one sub-domain's full report, <c>POST /diffs/reset</c> starts one over.
/// </summary>
internal static class ShadowApi
{
    public static void MapShadowDiffs(this RouteGroupBuilder api)
    {
        api.MapGet("/diffs", (ShadowResults results, string? subdomain) =>
        {
            if (subdomain is null)
            {
                var summaries = results.Subdomains().Select(name => results.Report(name)).OfType<DiffReport>()
                    .Select(r => new { r.Subdomain, r.Active, r.Since, r.Compared, r.Differing, r.DiffRate, r.Dropped, r.Skipped, r.TimedOut, r.Failed, r.TooLarge });
                return Results.Json(new { subdomains = summaries }, AdminJson.Options);
            }

            return results.Report(subdomain) is { } report
                ? Results.Json(report, AdminJson.Options)
                : NotFound(subdomain);
        });
        api.MapPost("/diffs/reset", async (HttpContext context, ShadowResults results) =>
        {
            var (reader, errors) = await AdminRequestReader.ReadAsync(context.Request, ["subdomain"]);
            if (reader is null)
            {
                return Invalid(errors!);
            }

            var subdomain = reader.String("subdomain", required: true);
            if (reader.Errors.Count > 0)
            {
                return Invalid(reader.Errors);
            }

            return results.Reset(subdomain!)
                ? Results.Json(new { subdomain, reset = true }, AdminJson.Options)
                : NotFound(subdomain!);
        });
    }

    private static IResult NotFound(string subdomain) => AdminProblem.Of(StatusCodes.Status404NotFound, "Not found", "subdomain",
        $"no route named '{subdomain}' and no shadow results for it");

    private static IResult Invalid(Dictionary<string, string[]> errors) =>
        AdminProblem.Of(StatusCodes.Status400BadRequest, "Invalid request", errors);
}
