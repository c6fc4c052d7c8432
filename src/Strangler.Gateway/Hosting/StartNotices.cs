using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// Defers a start-up notice (a setting left at its single-gateway default) until the host has started. Logged while
/// the endpoints were mapped, before the settings were checked, they preceded the very error that refused the start:
/// "override tokens work on this instance only", then "OverrideSigningKey is required in a fleet".
/// </summary>
internal static class StartNotices
{
    /// <summary>Runs <paramref name="log"/> once the host has started; at once when there is no host (or it has started).</summary>
    public static void WhenStarted(IServiceProvider services, Action log) =>
        WhenStarted(services.GetService<IHostApplicationLifetime>(), log);

    /// <inheritdoc cref="WhenStarted(IServiceProvider, Action)"/>
    public static void WhenStarted(IHostApplicationLifetime? lifetime, Action log)
    {
        if (lifetime is null)
        {
            log();
            return;
        }

        // A token already cancelled (the host has started) runs the callback at once.
        lifetime.ApplicationStarted.Register(log);
    }
}
