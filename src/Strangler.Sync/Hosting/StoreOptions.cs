namespace Strangler.Sync.Hosting;

/// <summary>Where projected documents go (<c>Strangler:Sync:Store</c>).</summary>
public sealed record StoreOptions
{
    /// <summary><c>litedb</c> (embedded file, the demo) or <c>mongodb</c> (production).</summary>
    public string Kind { get; init; } = "litedb";

    /// <summary>The LiteDB file, shared with the new service that reads it.</summary>
    public string LiteDbPath { get; init; } = "customers.db";

    /// <summary>The MongoDB connection string (kind <c>mongodb</c>); never logged.</summary>
    public string MongoConnectionString { get; init; } = string.Empty;

    /// <summary>The MongoDB database name (kind <c>mongodb</c>).</summary>
    public string MongoDatabase { get; init; } = string.Empty;
}
