using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Samples.LegacyMonolith.Customers;
using Samples.LegacyMonolith.Data;
using Samples.LegacyMonolith.Home;
using Samples.LegacyMonolith.Orders;

namespace Samples.LegacyMonolith;

/// <summary>DI and endpoint wiring of the sample monolith, for hosts other than <see cref="LegacyMonolithApp"/>.</summary>
public static class LegacyMonolithExtensions
{
    /// <summary>Registers the monolith's database, repositories and schema initialiser.</summary>
    public static IServiceCollection AddLegacyMonolith(this IServiceCollection services)
    {
        services.AddOptions<LegacyMonolithOptions>()
            .BindConfiguration(LegacyMonolithOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LegacyDatabase>();
        services.AddSingleton<CustomerRepository>();
        services.AddSingleton<OrderRepository>();
        services.AddHostedService<SchemaInitializer>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Maps <c>/</c>, <c>/customers</c> and <c>/orders</c>.</summary>
    public static IEndpointRouteBuilder MapLegacyMonolith(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapIndexPage();
        endpoints.MapCustomers();
        endpoints.MapOrders();
        return endpoints;
    }
}
