using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Strangler.Auth;
using Strangler.Configuration;

namespace Strangler.Sync.Reconcile.Reports;

internal static class ReportServiceCollectionExtensions
{
    /// <summary>Binds and validates <c>Strangler:Sync:Reports</c> and adds what the report endpoints read.</summary>
    public static IServiceCollection AddReconcileReports(this IServiceCollection services)
    {
        services.AddOptions<ReportsOptions>().BindConfiguration(ReportsOptions.SectionName).ValidateOnStart();
        services.RefuseBareDurations<ReportsOptions>(ReportsOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReportsOptions>, ReportsOptionsValidator>());
        services.TryAddSingleton<ReportCatalog>();
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ReportsOptions>>().Value;
            return new AuthFailureLimiter(options.AuthFailureLimit, options.AuthFailureWindow);
        });
        return services;
    }
}
