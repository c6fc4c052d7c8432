using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Dashboard.Sessions;

namespace Strangler.Dashboard.Tests.Sessions;

public sealed class SessionStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private SessionStore Create(int maxSessions = 10) => new(
        Options.Create(new DashboardOptions { SessionLifetime = TimeSpan.FromMinutes(30), MaxSessions = maxSessions }),
        _time, new CryptoSecretSource());

    [Fact]
    public void Find_BeforeAndAfterExpiry()
    {
        var store = Create();
        var session = store.Create();

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(session, store.Find(session.Id));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(store.Find(session.Id));
    }

    [Fact]
    public void Create_GivesDistinctIdsAndCsrfTokens()
    {
        var store = Create();
        var a = store.Create();
        var b = store.Create();

        Assert.Equal(4, new[] { a.Id, a.CsrfToken, b.Id, b.CsrfToken }.Distinct().Count());
        Assert.True(a.Id.Length >= 40);
    }

    [Fact]
    public void Create_AtTheCap_EvictsTheOldestSession()
    {
        var store = Create(maxSessions: 2);
        var first = store.Create();
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = store.Create();
        _time.Advance(TimeSpan.FromSeconds(1));
        var third = store.Create();

        Assert.Null(store.Find(first.Id));
        Assert.NotNull(store.Find(second.Id));
        Assert.NotNull(store.Find(third.Id));
    }

    [Fact]
    public void Remove_EndsTheSession()
    {
        var store = Create();
        var session = store.Create();
        store.Remove(session.Id);

        Assert.Null(store.Find(session.Id));
    }
}
