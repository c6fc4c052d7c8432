using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Strangler.Auth;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>The gateway's one <see cref="AuthFailureLimiter"/>, shared by the admin API and the dashboard sign-in.</summary>
internal static class AuthFailureLimits
{
    /// <summary>Registers it with <see cref="GatewayOptions.AuthFailureLimit"/> and <see cref="GatewayOptions.AuthFailureWindow"/>.</summary>
    public static void TryAddAuthFailureLimiter(this IServiceCollection services) =>
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new AuthFailureLimiter(options.AuthFailureLimit, options.AuthFailureWindow);
        });
}
