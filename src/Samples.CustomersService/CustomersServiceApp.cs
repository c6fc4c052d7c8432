namespace Samples.CustomersService;

/// <summary>
/// The sample new Customers service: the same HTTP contract as the monolith's <c>/customers</c> endpoints, over its
/// own document store (a LiteDB file) that the sync pipeline fills from the legacy database.
/// </summary>
public static class CustomersServiceApp
{
    /// <summary>Builds the service from command-line arguments and configuration (section <c>CustomersService</c>).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddCustomersService();
        var app = builder.Build();
        app.MapCustomersService();
        return app;
    }
}
