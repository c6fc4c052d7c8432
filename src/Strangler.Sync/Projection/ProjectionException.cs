namespace Strangler.Sync.Projection;

/// <summary>A change that decodes but cannot be projected (unknown table, missing parent key, bad conversion).</summary>
public sealed class ProjectionException(string message) : Exception(message);
