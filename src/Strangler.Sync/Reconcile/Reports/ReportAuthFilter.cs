using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Strangler.Sync.Reconcile.Reports;

/// <summary>
/// Bearer-token check of the report endpoints, the gateway admin API's scheme: without a reports directory and an
/// access token configured the endpoints do not exist (404); otherwise <c>Authorization: Bearer &lt;token&gt;</c> or
/// 401. Both sides are hashed before comparing, so the time taken says nothing about the guess. A refusal is logged
/// with the client's address, never the token.
/// </summary>
internal sealed class ReportAuthFilter(IOptions<ReportsOptions> options, ILogger<ReportAuthFilter> logger) : IEndpointFilter
{
    private readonly byte[]? _expected = string.IsNullOrEmpty(options.Value.AccessToken) || string.IsNullOrEmpty(options.Value.Directory)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.AccessToken));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_expected is null)
        {
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Reports are not served",
                detail: $"Set {ReportsOptions.SectionName}:Directory and {ReportsOptions.SectionName}:AccessToken to serve reconcile reports."));
        }

        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (presented.Length == 0 || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expected))
        {
            ReportsLog.Refused(logger, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", http.Request.Path.Value ?? "");
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Send the reports access token ({ReportsOptions.SectionName}:AccessToken) as 'Authorization: Bearer <token>'."));
        }

        return next(context);
    }
}
