using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Dashboard.Sessions;

namespace Strangler.Dashboard.Tests.Sessions;

public sealed class SessionStoreTests : IDisposable
{
    private const string Token = "admin-token-0123456789";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<string, string?> _configuration = new() { [AdminTokenSource.Key] = Token };
    private readonly DashboardKeyRing _keys;
    private readonly IOptions<DashboardOptions> _options;

    public SessionStoreTests()
    {
        _options = Options.Create(new DashboardOptions { SessionLifetime = TimeSpan.FromMinutes(30), MaxSessions = 2 });
        _keys = new DashboardKeyRing(_options, NullLoggerFactory.Instance);
    }

    public void Dispose() => _keys.Dispose();

    private SessionStore Create() => new(_options, _time, new CryptoSecretSource(), _keys,
        new AdminTokenSource(new ConfigurationBuilder().AddInMemoryCollection(_configuration).Build(), NullLogger<AdminTokenSource>.Instance));

    [Fact]
    public void Find_BeforeAndAfterExpiry()
    {
        var store = Create();
        var session = store.Create(Token);

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(session, store.Find(session.Id));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(store.Find(session.Id));
    }

    [Fact]
    public void Create_GivesDistinctIdsAndCsrfTokens_AndTheTicketHidesTheCsrfToken()
    {
        var store = Create();
        var a = store.Create(Token);
        var b = store.Create(Token);

        Assert.Equal(4, new[] { a.Id, a.CsrfToken, b.Id, b.CsrfToken }.Distinct().Count());
        Assert.DoesNotContain(a.CsrfToken, a.Id);
        Assert.DoesNotContain(Token, a.Id);
    }

    [Fact]
    public void Find_AnotherStoreWithTheSameKeys_AcceptsTheTicket()
    {
        var session = Create().Create(Token);

        Assert.Equal(session, Create().Find(session.Id));
    }

    [Fact]
    public void Find_TamperedOrForeignTicket_IsNull()
    {
        var session = Create().Create(Token);
        using var otherKeys = new DashboardKeyRing(_options, NullLoggerFactory.Instance);
        var foreign = new SessionStore(_options, _time, new CryptoSecretSource(), otherKeys,
            new AdminTokenSource(new ConfigurationBuilder().AddInMemoryCollection(_configuration).Build(), NullLogger<AdminTokenSource>.Instance));
        var tampered = session.Id[..^2] + (session.Id[^2] == 'A' ? "B" : "A") + session.Id[^1];

        Assert.Null(Create().Find(tampered));
        Assert.Null(foreign.Find(session.Id));
        Assert.Null(Create().Find("not-a-ticket"));
    }

    [Fact]
    public void Find_AfterTheAdminTokenIsRotated_IsNull()
    {
        var store = Create();
        var session = store.Create(Token);

        _configuration[AdminTokenSource.Key] = "rotated-token-0123456789";

        Assert.Null(Create().Find(session.Id));
    }

    [Fact]
    public void Remove_EndsTheSession_AndSignOutsAreBounded()
    {
        var store = Create();
        var sessions = Enumerable.Range(0, 3).Select(i =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return store.Create(Token);
        }).ToList();

        store.Remove(sessions[1]);
        Assert.Null(store.Find(sessions[1].Id));
        Assert.NotNull(store.Find(sessions[0].Id));

        store.Remove(sessions[2]);
        store.Remove(sessions[0]);
        // MaxSessions = 2 sign-outs remembered: the one closest to expiry (sessions[1]) is forgotten first.
        Assert.Null(store.Find(sessions[0].Id));
        Assert.Null(store.Find(sessions[2].Id));
        Assert.NotNull(store.Find(sessions[1].Id));
    }
}
