using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strangler.Sync.Reconcile.Reports;

/// <summary>Streams run <paramref name="run"/>'s committed lines after byte <paramref name="from"/> as <paramref name="mediaType"/>.</summary>
internal sealed class ReportStreamResult(ReportRun run, long from, string mediaType, ReportCatalog catalog) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        Stream file;
        try
        {
            file = catalog.OpenRead(run.Path);
        }
        catch (FileNotFoundException)
        {
            await Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Report removed",
                detail: $"The report of run {run.Name} was removed while it was being opened; read the latest again.").ExecuteAsync(httpContext);
            return;
        }

        await using (file)
        {
            if (from > 0 && !await EndsALineAsync(file, from, httpContext.RequestAborted))
            {
                // A signed cursor always ends a line of its run; this one does not, so the file was rewritten.
                await Results.Problem(statusCode: StatusCodes.Status410Gone, title: "Report rewritten",
                    detail: $"The cursor's position is not the end of a line of run {run.Name} any more: the report was rewritten. Read it again from the start.")
                    .ExecuteAsync(httpContext);
                return;
            }

            var response = httpContext.Response;
            response.ContentType = mediaType;
            response.Headers[ReportHeaders.Run] = run.Name;
            response.Headers[ReportHeaders.State] = run.State;
            response.Headers[ReportHeaders.Updated] = run.UpdatedAt.ToString("O", CultureInfo.InvariantCulture);
            response.Headers.CacheControl = "no-store";
            response.Headers.Vary = "Accept";
            httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var lines = await ReportStreamer.CopyAsync(file, from, run.CommittedBytes,
                end => catalog.Cursors.Encode(new ReportCursor(run.Projection, run.Name, end)), response.BodyWriter, httpContext.RequestAborted);
            var logger = httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<ReportStreamResult>();
            ReportsLog.Served(logger, lines, run.Name, run.Projection, run.State, from);
        }
    }

    private static async Task<bool> EndsALineAsync(Stream file, long position, CancellationToken cancellationToken)
    {
        var last = new byte[1];
        file.Seek(position - 1, SeekOrigin.Begin);
        return await file.ReadAsync(last, cancellationToken) == 1 && last[0] == (byte)'\n';
    }
}
