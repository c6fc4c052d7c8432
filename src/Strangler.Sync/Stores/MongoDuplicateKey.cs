using System.Text.RegularExpressions;

namespace Strangler.Sync.Stores;

/// <summary>
/// Reads which unique index a MongoDB duplicate-key error (E11000) is about. The store's guarded upserts fail on the
/// unique <c>_id</c> when the document holds a newer position, which is a stale write and means nothing is to be done;
/// the same error on any other unique index (one the service added, on an e-mail say) is a document the store
/// refuses, and taking it for stale would drop the change without a word.
/// </summary>
internal static partial class MongoDuplicateKey
{
    /// <summary>
    /// The index a duplicate-key message names, as MongoDB writes it: "E11000 duplicate key error collection: app.customers
    /// index: email_1 dup key: { email: "…" }", or before 3.0 "… error index: app.customers.$email_1 dup key: …". Null when
    /// it names none (a clustered collection's key), which is its <c>_id</c>.
    /// </summary>
    public static string? IndexName(string message)
    {
        var match = IndexPattern().Match(message);
        return match.Success ? match.Groups["name"].Value : null;
    }

    /// <summary>Whether the duplicate is on the document's id: the position guard's stale write.</summary>
    public static bool IsOnDocumentId(string message) => IndexName(message) is null or "_id_";

    /// <summary>What to say of a duplicate on another index: its name, never the value the message quotes.</summary>
    public static string Describe(string message) =>
        $"the store's unique index '{IndexName(message)}' refuses the document (another document has the same value); the change is not applied";

    [GeneratedRegex(@"index: (?:\S+\.\$)?(?<name>\S+) dup key", RegexOptions.CultureInvariant)]
    private static partial Regex IndexPattern();
}
