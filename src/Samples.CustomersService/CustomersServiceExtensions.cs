using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Samples.CustomersService.Customers;
using Samples.CustomersService.Http;
using Samples.CustomersService.Store;

namespace Samples.CustomersService;

/// <summary>DI and endpoint wiring of the Customers service, for hosts other than <see cref="CustomersServiceApp"/>.</summary>
public static class CustomersServiceExtensions
{
    /// <summary>Registers the customer store and its options.</summary>
    public static IServiceCollection AddCustomersService(this IServiceCollection services)
    {
        services.AddOptions<CustomersServiceOptions>()
            .BindConfiguration(CustomersServiceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CustomerStore>();
        services.AddProblemDetails();
        services.AddBadRequestProblems();
        return services;
    }

    /// <summary>Maps <c>/customers</c>, with readable errors for unreadable bodies.</summary>
    public static WebApplication MapCustomersService(this WebApplication app)
    {
        // Before the endpoints, so an unreadable body is answered with a problem document naming where it broke.
        app.UseBadRequestProblems();
        app.MapCustomers();
        return app;
    }
}
