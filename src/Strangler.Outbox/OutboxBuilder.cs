using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Strangler.Outbox.LiteDb;
using Strangler.Outbox.Mongo;
using Strangler.Outbox.Relay;

namespace Strangler.Outbox;

/// <summary>What <see cref="OutboxServiceCollectionExtensions.AddStranglerOutbox"/> returns: choose the store the outbox lives in.</summary>
public sealed class OutboxBuilder
{
    internal OutboxBuilder(IServiceCollection services) => Services = services;

    /// <summary>The services the outbox is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Stages events in a <see cref="LiteDbOutbox"/> over the registered <see cref="ILiteDatabase"/> (the service's own
    /// store, so an event commits with its write), published by the hosted relay. Register the database yourself, before
    /// the host starts, opened with <c>Connection = ConnectionType.Shared</c> when the sync worker projects into the same
    /// file (it opens it from its own process); then take the <see cref="LiteDbOutbox"/> singleton in your handlers.
    /// </summary>
    public OutboxBuilder UseLiteDb()
    {
        Services.AddSingleton(sp => new LiteDbOutbox(
            Store<ILiteDatabase>(sp, "UseLiteDb", "services.AddSingleton<ILiteDatabase>(_ => new LiteDatabase(...))"),
            sp.GetRequiredService<IOptions<OutboxOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        return AddRelay<LiteDbOutbox>();
    }

    /// <summary>
    /// Stages events in a <see cref="MongoOutbox"/> over the registered <see cref="IMongoDatabase"/> (stage them in the
    /// session of the write they describe), published by the hosted relay; take the <see cref="MongoOutbox"/> singleton
    /// in your handlers.
    /// </summary>
    public OutboxBuilder UseMongoDb()
    {
        Services.AddSingleton(sp => new MongoOutbox(
            Store<IMongoDatabase>(sp, "UseMongoDb", "services.AddSingleton<IMongoDatabase>(_ => new MongoClient(...).GetDatabase(...))"),
            sp.GetRequiredService<IOptions<OutboxOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        return AddRelay<MongoOutbox>();
    }

    // The outbox lives in the service's own database, which only the service can open; a service that registered its
    // concrete LiteDatabase (or nothing yet) got DI's "No service for type 'LiteDB.ILiteDatabase' has been registered".
    private static TDatabase Store<TDatabase>(IServiceProvider services, string method, string example)
        where TDatabase : class =>
        services.GetService<TDatabase>() ?? throw new InvalidOperationException(
            $"The outbox's {method}() stages events in the service's own database, registered as {typeof(TDatabase).Name}, " +
            $"and none is: register it first, e.g. {example}.");

    /// <summary>
    /// Stages events without publishing them from this host: no relay runs, so <c>Strangler:Outbox</c> needs only
    /// <c>Source</c> (which every event carries), not <c>BootstrapServers</c> nor <c>Topic</c>. For tests of a service's
    /// handlers, or a service whose outbox a relay elsewhere publishes; before or after <see cref="UseLiteDb"/> or
    /// <see cref="UseMongoDb"/>. Staged events wait in the outbox until a relay publishes them.
    /// </summary>
    public OutboxBuilder WithoutRelay()
    {
        Services.TryAddSingleton<RelayOff>();
        foreach (var relay in Services.Where(d => d.ServiceType == typeof(IHostedService) && !d.IsKeyedService && d.ImplementationType == typeof(OutboxRelay)).ToList())
        {
            Services.Remove(relay);
        }

        return this;
    }

    private OutboxBuilder AddRelay<TStore>()
        where TStore : class, IOutboxStore
    {
        Services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<TStore>());
        if (!Services.Any(d => d.ServiceType == typeof(RelayOff)))
        {
            Services.AddHostedService<OutboxRelay>();
        }

        return this;
    }
}
