using Strangler.Sync.Projection;

namespace Strangler.Sync.Hosting;

/// <summary>
/// The file an unset <c>Store:LiteDbPath</c> means: <c>customers.db</c>, the demo's sub-domain's, kept as the default
/// so that a worker relying on it keeps its file; refused for a worker projecting another sub-domain, which would
/// otherwise fill a file its service never reads, without a word.
/// </summary>
internal static class LiteDbDefaultPath
{
    public const string Value = "customers.db";

    private const string Subdomain = "customers";

    /// <summary>The file <paramref name="store"/> names, or the default.</summary>
    public static string Of(StoreOptions store) => store.LiteDbPath ?? Value;

    /// <summary>Why the default cannot stand for these projections, naming the key; null when it can (or is not used).</summary>
    public static string? Problem(StoreOptions store, IEnumerable<ProjectionOptions> projections, string at = SyncOptions.SectionName)
    {
        if (store.Kind != "litedb" || store.LiteDbPath is not null)
        {
            return null;
        }

        var others = projections.Select(p => p.Subdomain)
            .Where(s => !string.IsNullOrWhiteSpace(s) && !string.Equals(s, Subdomain, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).ToList();
        return others.Count == 0
            ? null
            : $"{at}:Store:LiteDbPath: is required for a worker projecting sub-domain {string.Join(", ", others.Select(s => $"'{s}'"))}: " +
              $"set it to the file that sub-domain's service reads (unset, it means {Value}, the customers sub-domain's; " +
              $"set it to {Value} to keep using a file the worker has filled)";
    }
}
