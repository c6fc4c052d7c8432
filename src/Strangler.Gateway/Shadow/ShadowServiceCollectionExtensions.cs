using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Strangler.Configuration;

namespace Strangler.Gateway.Shadow;

/// <summary>Registers shadow traffic; called by <c>AddStranglerGateway</c>.</summary>
internal static class ShadowServiceCollectionExtensions
{
    public static IServiceCollection AddStranglerShadow(this IServiceCollection services)
    {
        services.AddOptions<ShadowOptions>().BindConfiguration(ShadowOptions.SectionName).ValidateOnStart();
        services.RefuseBareDurations<ShadowOptions>(ShadowOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShadowOptions>, ShadowOptionsValidator>());
        services.AddSingleton<ShadowResults>();
        services.TryAddSingleton<IShadowDiffRates>(sp => sp.GetRequiredService<ShadowResults>());
        services.AddSingleton<ShadowMetrics>();
        services.AddSingleton<ShadowBudget>();
        services.AddSingleton<ShadowHeadroom>();
        services.AddSingleton<ShadowClient>();
        services.AddSingleton<ShadowRunner>();
        services.AddSingleton<ShadowDispatcher>();
        services.AddSingleton<ShadowTraffic>();
        return services;
    }
}
