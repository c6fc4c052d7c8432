using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Samples.LegacyMonolith.Customers;
using Samples.LegacyMonolith.Data;
using Samples.LegacyMonolith.Home;
using Samples.LegacyMonolith.Http;
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
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LegacyMonolithOptions>, LegacyMonolithOptionsValidator>());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LegacyDatabase>();
        services.AddSingleton<CustomerRepository>();
        services.AddSingleton<OrderRepository>();
        services.AddHostedService<SchemaInitializer>();
        services.AddProblemDetails();
        services.AddBadRequestProblems();
        return services;
    }

    /// <summary>Maps <c>/</c>, <c>/customers</c> and <c>/orders</c>, with readable errors for unreadable bodies.</summary>
    public static WebApplication MapLegacyMonolith(this WebApplication app)
    {
        // Before the endpoints, so an unreadable body is answered with a problem document naming where it broke.
        app.UseBadRequestProblems();
        app.MapIndexPage();
        app.MapCustomers();
        app.MapOrders();
        return app;
    }
}
