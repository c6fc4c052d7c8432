namespace Samples.CustomersService.Faults;

/// <summary>
/// <c>GET|POST /_sample/faults</c> with <c>{"failPercent": N}</c>: tells the sample to fail a share of its
/// <c>/customers</c> requests with 503 (the demo's "the new service breaks" moment). Mapped only when
/// <see cref="CustomersServiceOptions.FaultsEndpoint"/> is on.
/// </summary>
internal static class FaultEndpoints
{
    public const string Path = "/_sample/faults";

    public static void Map(WebApplication app)
    {
        var faults = app.Services.GetRequiredService<FaultSwitch>();
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/_sample") && faults.ShouldFail())
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("injected fault (POST /_sample/faults {\"failPercent\": 0} heals it)");
                return;
            }

            await next(context);
        });
        app.MapGet(Path, () => Results.Json(new FaultSettings(faults.FailPercent)));
        app.MapPost(Path, (FaultSettings? body) =>
        {
            if (body?.FailPercent is not (>= 0 and <= 100))
            {
                return Results.Problem(title: "Invalid request", detail: "failPercent: a whole number from 0 to 100 is required",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            faults.FailPercent = body.FailPercent.Value;
            return Results.Json(new FaultSettings(faults.FailPercent));
        });
    }
}
