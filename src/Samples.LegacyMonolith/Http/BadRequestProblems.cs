using System.Text.Json;

namespace Samples.LegacyMonolith.Http;

/// <summary>
/// Answers a body that cannot be read (malformed JSON, a string where a number belongs) with a problem document that
/// says where it broke, instead of ASP.NET Core's default empty 400.
/// </summary>
internal static class BadRequestProblems
{
    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseBadRequestProblems(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                // JsonException's message names the JSON path, line and position of the problem.
                var detail = ex.InnerException is JsonException json ? json.Message : ex.Message;
                await Results.Problem(statusCode: ex.StatusCode, title: "The request could not be read.", detail: detail)
                    .ExecuteAsync(context);
            }
        });
}
