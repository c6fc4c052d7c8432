namespace Strangler.Sync.Projection;

/// <summary>
/// One projection: legacy tables → documents of one collection. Declared in configuration
/// (<c>Strangler:Sync:Projections</c>) or in code by an <see cref="IProjectionMapping"/>.
/// </summary>
public sealed record ProjectionOptions
{
    /// <summary>The pipeline name (consumer group suffix, metrics tag), e.g. <c>customers-projection</c>.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The sub-domain it feeds, e.g. <c>customers</c>.</summary>
    public string Subdomain { get; init; } = string.Empty;

    /// <summary>The target collection, e.g. <c>customers</c>.</summary>
    public string Collection { get; init; } = string.Empty;

    /// <summary>The root table.</summary>
    public TableMapping Root { get; init; } = new();

    /// <summary>Child tables embedded as arrays.</summary>
    public IReadOnlyList<ChildTableMapping> Children { get; init; } = [];

    /// <summary>Every topic the projection consumes.</summary>
    public IReadOnlyList<string> Topics => [Root.Topic, .. Children.Select(c => c.Topic)];
}
