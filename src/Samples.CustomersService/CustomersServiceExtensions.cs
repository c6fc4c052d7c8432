using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Samples.CustomersService.Customers;
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
        return services;
    }

    /// <summary>Maps <c>/customers</c>.</summary>
    public static IEndpointRouteBuilder MapCustomersService(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCustomers();
        return endpoints;
    }
}
