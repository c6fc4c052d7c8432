using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using Strangler.Outbox.LiteDb;
using Strangler.Outbox.Mongo;
using Strangler.Outbox.Relay;

namespace Strangler.Outbox;

/// <summary>DI entry points of the outbox.</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="LiteDbOutbox"/> over the registered <see cref="ILiteDatabase"/> and the hosted
    /// <see cref="OutboxRelay"/> publishing it. Throws at once, naming every bad key, when the settings are invalid.
    /// </summary>
    public static IServiceCollection AddStranglerOutbox(this IServiceCollection services, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid outbox settings: " + string.Join(" ", errors));
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new LiteDbOutbox(sp.GetRequiredService<ILiteDatabase>(), options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHostedService>(sp => new OutboxRelay(sp.GetRequiredService<LiteDbOutbox>(), options,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OutboxRelay>>()));
        return services;
    }

    /// <summary>
    /// Adds a <see cref="MongoOutbox"/> over the registered <see cref="IMongoDatabase"/> and the hosted
    /// <see cref="OutboxRelay"/> publishing it. Throws at once, naming every bad key, when the settings are invalid.
    /// </summary>
    public static IServiceCollection AddStranglerMongoOutbox(this IServiceCollection services, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid outbox settings: " + string.Join(" ", errors));
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new MongoOutbox(sp.GetRequiredService<IMongoDatabase>(), options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHostedService>(sp => new OutboxRelay(sp.GetRequiredService<MongoOutbox>(), options,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OutboxRelay>>()));
        return services;
    }
}
