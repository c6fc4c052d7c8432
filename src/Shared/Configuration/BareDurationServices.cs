using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Strangler.Configuration;

/// <summary>Registers <see cref="BareDurationValidator{TOptions}"/> beside an options type's own checks.</summary>
internal static class BareDurationServices
{
    /// <summary>
    /// Refuses, at start, a duration of <typeparamref name="TOptions"/> written as a bare number under
    /// <paramref name="sectionName"/> of the host's configuration, or of <paramref name="configuration"/> when given.
    /// </summary>
    public static IServiceCollection RefuseBareDurations<TOptions>(this IServiceCollection services, string sectionName,
        IConfiguration? configuration = null)
        where TOptions : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, BareDurationValidator<TOptions>>(
            provider => new BareDurationValidator<TOptions>(configuration ?? provider.GetService<IConfiguration>(), sectionName)));
        return services;
    }
}
