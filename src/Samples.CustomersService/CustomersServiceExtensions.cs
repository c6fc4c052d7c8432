using LiteDB;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Samples.CustomersService.Customers;
using Samples.CustomersService.Http;
using Samples.CustomersService.Store;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Keys;
using Strangler.LiteDb;
using Strangler.Outbox;

namespace Samples.CustomersService;

/// <summary>DI and endpoint wiring of the Customers service, for hosts other than <see cref="CustomersServiceApp"/>.</summary>
public static class CustomersServiceExtensions
{
    /// <summary>
    /// Registers the customer store over its LiteDB file, the outbox its writes stage events in (section
    /// <c>Strangler:Outbox</c>; topic <c>customers.events</c> and source <c>/customers</c> unless configured), and the
    /// key source. The outbox relay publishes only when <c>Strangler:Outbox:BootstrapServers</c> is set; without it
    /// events stay staged in the file (a stand-alone service with nobody listening).
    /// </summary>
    public static IHostApplicationBuilder AddCustomersService(this IHostApplicationBuilder builder)
    {
        // Below every other source, so configuration still names another topic or source.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [$"{OutboxOptions.SectionName}:Topic"] = "customers.events",
                [$"{OutboxOptions.SectionName}:Source"] = "/customers",
            },
        });
        var services = builder.Services;
        services.AddOptions<CustomersServiceOptions>()
            .BindConfiguration(CustomersServiceOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CustomersServiceOptions>, CustomersServiceOptionsValidator>());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILiteDatabase>(sp => OpenDatabase(sp.GetRequiredService<IOptions<CustomersServiceOptions>>().Value));
        var outbox = services.AddStranglerOutbox().UseLiteDb();
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{OutboxOptions.SectionName}:BootstrapServers"]))
        {
            // Staging only: no relay, so the settings a relay needs are not required either.
            outbox.WithoutRelay();
        }

        services.AddSingleton(sp => new CustomerKeys(CreateAllocator(sp.GetRequiredService<IOptions<CustomersServiceOptions>>().Value)));
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<Faults.FaultSwitch>();
        services.AddProblemDetails();
        services.AddBadRequestProblems();
        return builder;
    }

    /// <summary>Maps <c>/customers</c>, with readable errors for unreadable bodies.</summary>
    public static WebApplication MapCustomersService(this WebApplication app)
    {
        // Before the endpoints, so an unreadable body is answered with a problem document naming where it broke.
        app.UseBadRequestProblems();
        if (app.Services.GetRequiredService<IOptions<CustomersServiceOptions>>().Value.FaultsEndpoint)
        {
            Faults.FaultEndpoints.Map(app);
        }

        app.MapCustomers();
        return app;
    }

    private static LiteDatabase OpenDatabase(CustomersServiceOptions options)
    {
        var path = Path.GetFullPath(options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Shared mode: the sync worker's projection opens the same file from its own process.
        // Its own mapper, with the document types mapped before the database is shared (the outbox maps its own type
        // as it is built). LiteDB 5's BsonMapper publishes a type's mapping before filling it in, so a thread that
        // meets a type while another thread maps it sees no members ("Member X not found on BsonMapper", LiteDB
        // issue #2536). BsonMapper.Global is shared by every LiteDatabase in the process: two services starting at
        // once raced on it.
        var mapper = new BsonMapper();
        mapper.Entity<CustomerDocument>();
        mapper.Entity<AddressDocument>();
        return LiteDbFiles.OpenShared(path, mapper);
    }

    private static LegacyKeyAllocator? CreateAllocator(CustomersServiceOptions options) =>
        string.IsNullOrWhiteSpace(options.LegacyKeysConnectionString)
            ? null
            : new LegacyKeyAllocator(SqlDialects.For(LegacyProvider.Sqlite), options.LegacyKeysConnectionString,
            [
                new KeyEntity { Name = CustomerKeys.Customers, Table = "Customers", KeyColumn = "Id", BlockSize = 20 },
                new KeyEntity { Name = CustomerKeys.Addresses, Table = "Addresses", KeyColumn = "Id", BlockSize = 20 },
            ]);
}
