using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>
/// Server-side sessions: the cookie carries only a random id, so signing out or expiry really ends access and the
/// admin token never leaves the server after sign-in.
/// </summary>
internal sealed class SessionStore(IOptions<DashboardOptions> options, TimeProvider time, ISecretSource secrets)
{
    private readonly ConcurrentDictionary<string, DashboardSession> _sessions = new(StringComparer.Ordinal);

    public DashboardSession Create()
    {
        var now = time.GetUtcNow();
        RemoveExpired(now);
        if (_sessions.Count >= options.Value.MaxSessions)
        {
            // Evict the session closest to expiry rather than refusing the operator who is signing in now.
            var oldest = _sessions.Values.MinBy(s => s.ExpiresAt);
            if (oldest is not null)
            {
                _sessions.TryRemove(oldest.Id, out _);
            }
        }

        var session = new DashboardSession(secrets.NewToken(), secrets.NewToken(), now + options.Value.SessionLifetime);
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>Finds a live session by cookie id; an expired one is removed and reported as missing.</summary>
    public DashboardSession? Find(string? id)
    {
        if (string.IsNullOrEmpty(id) || !_sessions.TryGetValue(id, out var session))
        {
            return null;
        }

        if (session.ExpiresAt <= time.GetUtcNow())
        {
            _sessions.TryRemove(id, out _);
            return null;
        }

        return session;
    }

    public void Remove(string id) => _sessions.TryRemove(id, out _);

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var pair in _sessions)
        {
            if (pair.Value.ExpiresAt <= now)
            {
                _sessions.TryRemove(pair.Key, out _);
            }
        }
    }
}
