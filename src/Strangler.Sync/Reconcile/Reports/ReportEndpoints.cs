using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Strangler.Sync.Reconcile.Reports;

/// <summary>
/// <c>GET /_strangler/sync/reconcile/reports</c> (the latest run of each projection) and
/// <c>GET /_strangler/sync/reconcile/{projection}/report[?cursor=...]</c> (its findings as NDJSON), behind the
/// reports access token.
/// </summary>
internal static class ReportEndpoints
{
    public static void MapReconcileReports(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(ReportHeaders.Prefix).AddEndpointFilter<ReportAuthFilter>();
        group.MapGet("/reports", ([FromServices] ReportCatalog catalog) => List(catalog));
        group.MapGet("/{projection}/report", (string projection, HttpContext http, [FromServices] ReportCatalog catalog) => Report(projection, http, catalog));
    }

    private static IResult List(ReportCatalog catalog) => Results.Json(new
    {
        reports = catalog.Projections.Select(projection => catalog.Directory.Latest(projection) is { } run
            ? (object)new
            {
                projection,
                run = run.Name,
                state = run.State,
                updatedAt = run.UpdatedAt,
                keysChecked = run.Checkpoint.KeysDone,
                findings = run.Checkpoint.Findings,
                repaired = run.Checkpoint.Repaired,
                href = ReportHeaders.ReportPath(projection),
            }
            : new { projection, run = (string?)null }),
    });

    private static IResult Report(string projection, HttpContext http, ReportCatalog catalog)
    {
        if (!catalog.Projections.Contains(projection, StringComparer.Ordinal))
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown projection",
                $"No projection is named '{projection}' (known: {string.Join(", ", catalog.Projections)}).");
        }

        if (ReportMediaTypes.Negotiate(http.Request.Headers.Accept) is not { } mediaType)
        {
            return Problem(StatusCodes.Status406NotAcceptable, "Not acceptable",
                $"Accept '{http.Request.Headers.Accept}' allows none of the types a report is served as: {string.Join(", ", ReportMediaTypes.All)}.");
        }

        if (catalog.Directory.Latest(projection) is not { } run)
        {
            return Problem(StatusCodes.Status404NotFound, "No report",
                $"Projection '{projection}' has no reconcile report in the reports directory yet: run 'strangler reconcile {projection}' with the same Strangler:Sync:Reports:Directory.");
        }

        long from = 0;
        if (http.Request.Query.TryGetValue(ReportHeaders.CursorParameter, out var values))
        {
            if (!catalog.Cursors.TryDecode(values.ToString(), out var cursor, out var problem))
            {
                return Problem(StatusCodes.Status400BadRequest, "Bad cursor", $"{ReportHeaders.CursorParameter}: {problem}.");
            }

            if (cursor.Projection != projection)
            {
                return Problem(StatusCodes.Status400BadRequest, "Bad cursor",
                    $"{ReportHeaders.CursorParameter}: the cursor belongs to the report of projection '{cursor.Projection}', not '{projection}'.");
            }

            if (cursor.Run != run.Name)
            {
                // 410, not 409: the run the cursor points into is gone for good; retrying will not bring it back.
                return Problem(StatusCodes.Status410Gone, "Report replaced",
                    $"The cursor belongs to run {cursor.Run}, which run {run.Name} ({run.State}) has replaced since. Read the report again from the start, without a cursor.");
            }

            if (cursor.Offset > run.CommittedBytes)
            {
                return Problem(StatusCodes.Status410Gone, "Report rewritten",
                    $"The cursor points past the {run.CommittedBytes} bytes run {run.Name} has now: the report was rewritten. Read it again from the start.");
            }

            from = cursor.Offset;
        }

        return new ReportStreamResult(run, from, mediaType, catalog);
    }

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
