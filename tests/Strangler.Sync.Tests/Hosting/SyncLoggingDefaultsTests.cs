using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strangler.Sync.Hosting;

namespace Strangler.Sync.Tests.Hosting;

/// <summary>
/// The worker's log is its pipelines' log: ASP.NET Core's request lines (four or five per request, one request every 5 s per
/// gateway polling the status) used to fill it at the Information default.
/// </summary>
public sealed class SyncLoggingDefaultsTests
{
    [Fact]
    public async Task Worker_LogsItsOwnCategoriesAtInformation_ButNotEveryHttpRequest()
    {
        await using var app = SyncApplication.Build(["--urls=http://127.0.0.1:0"]);
        var logging = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(logging.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.False(logging.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Information));
        Assert.True(logging.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
        Assert.True(logging.CreateLogger("Strangler.Sync.Consuming.KafkaBatchConsumer").IsEnabled(LogLevel.Information));
        Assert.True(logging.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Configuration_StillWinsOverTheDefaults()
    {
        await using var app = SyncApplication.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Microsoft.AspNetCore=Information"]);

        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
    }
}
