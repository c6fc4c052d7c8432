namespace Strangler.Sync.Hosting;

/// <summary>Where projected documents go (<c>Strangler:Sync:Store</c>).</summary>
public sealed record StoreOptions
{
    /// <summary><c>litedb</c> (embedded file, the demo) or <c>mongodb</c> (production).</summary>
    public string Kind { get; init; } = "litedb";

    /// <summary>
    /// The LiteDB file, shared with the new service that reads it. Unset, it is <c>customers.db</c> in the worker's
    /// folder, as it always was, but only while every projection that names a sub-domain names <c>customers</c>: a
    /// worker projecting another sub-domain must name its file, rather than fill a file its service never reads.
    /// </summary>
    public string? LiteDbPath { get; init; }

    /// <summary>The MongoDB connection string (kind <c>mongodb</c>); never logged.</summary>
    public string MongoConnectionString { get; init; } = string.Empty;

    /// <summary>The MongoDB database name (kind <c>mongodb</c>).</summary>
    public string MongoDatabase { get; init; } = string.Empty;
}
