using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
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

    // Bug: the worker's console lines had no time stamp (ASP.NET Core's default format), so an operator could not tell
    // when a Kafka error or a batch retry happened; the gateway's lines carry one.
    [Fact]
    public async Task Console_lines_carry_a_UTC_timestamp_one_line_per_entry()
    {
        await using var app = SyncApplication.Build(["--urls=http://127.0.0.1:0"]);

        Assert.Equal(ConsoleFormatterNames.Simple, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        var format = app.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;
        Assert.True(format.UseUtcTimestamp);
        Assert.True(format.SingleLine);
        Assert.Equal("yyyy-MM-ddTHH:mm:ss.fffZ ", format.TimestampFormat);
    }

    [Fact]
    public async Task The_timestamp_format_can_still_be_configured()
    {
        await using var app = SyncApplication.Build(["--urls=http://127.0.0.1:0", "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss "]);

        Assert.Equal("HH:mm:ss ", app.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue.TimestampFormat);
    }
}
