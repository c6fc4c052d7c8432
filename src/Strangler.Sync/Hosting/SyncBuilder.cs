using Microsoft.Extensions.DependencyInjection;
using Strangler.Sync.Backfill;
using Strangler.Sync.Projection;

namespace Strangler.Sync.Hosting;

/// <summary>
/// What <see cref="SyncServiceCollectionExtensions.AddStranglerSync"/> returns: adds the projections and event
/// mappings declared in C#, beside those declared in configuration.
/// </summary>
public sealed class SyncBuilder
{
    internal SyncBuilder(IServiceCollection services) => Services = services;

    /// <summary>The services the sync worker is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a projection declared in C# (see <see cref="IProjectionMapping"/>).</summary>
    public SyncBuilder AddProjection<TMapping>()
        where TMapping : class, IProjectionMapping
    {
        Services.AddProjection<TMapping>();
        return this;
    }

    /// <summary>Adds a backfill event mapping declared in C# (see <see cref="IEventMapping"/>); it wins over a declared one.</summary>
    public SyncBuilder AddEventMapping<TMapping>()
        where TMapping : class, IEventMapping
    {
        Services.AddEventMapping<TMapping>();
        return this;
    }
}
