using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Tests.Breakers;

public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task ConsecutiveFailures_OpenTheBreaker_ThenHalfOpenTrialClosesIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var rig = await Rig.StartAsync("new", services: s => s.AddSingleton<TimeProvider>(clock),
            settings: new Dictionary<string, string?>
            {
                ["Strangler:Gateway:Breaker:FailureThreshold"] = "3",
                ["Strangler:Gateway:Breaker:OpenDuration"] = "00:00:30",
            });
        var healthy = false;
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = healthy ? 200 : 500;
            return context.Response.WriteAsync(healthy ? "new ok" : "new broken");
        };
        var admin = rig.Gateway.Service<RouteAdmin>();

        // Three failures (each falls back to legacy) open the breaker.
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers/1")).Body);
        }

        Assert.True(admin.GetRoutes().Routes.Single().BreakerOpen);

        // While open, new-mode traffic goes straight to legacy; the new side is not called.
        for (var i = 0; i < 5; i++)
        {
            Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers/1")).Body);
        }

        Assert.Equal(3, rig.New.RequestCount);

        // After the open period one trial goes to the new side; it fails, so the breaker opens again.
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers/1")).Body);
        Assert.Equal(4, rig.New.RequestCount);
        Assert.True(admin.GetRoutes().Routes.Single().BreakerOpen);
        Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers/1")).Body);
        Assert.Equal(4, rig.New.RequestCount);

        // Next trial succeeds: closed again, traffic back on new.
        healthy = true;
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("new ok", (await rig.Gateway.GetAsync("/customers/1")).Body);
        Assert.False(admin.GetRoutes().Routes.Single().BreakerOpen);
        Assert.Equal("new ok", (await rig.Gateway.GetAsync("/customers/1")).Body);
    }

    [Fact]
    public async Task OpenBreaker_AlsoDivertsUnsafeMethodsToLegacy()
    {
        await using var rig = await Rig.StartAsync("new", settings: new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Breaker:FailureThreshold"] = "2",
        });
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        };
        await rig.Gateway.GetAsync("/customers/1");
        await rig.Gateway.GetAsync("/customers/1");

        var response = await rig.Gateway.Client.PostAsync("/customers", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("legacy POST /customers", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, rig.New.RequestCount);
    }
}
