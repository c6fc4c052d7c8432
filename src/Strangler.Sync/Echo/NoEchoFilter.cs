namespace Strangler.Sync.Echo;

/// <summary>
/// For SQLite, whose built-in capture records none of the backfill's inserts and updates and marks its deletes in the
/// messages themselves, or when no echo filter is configured.
/// </summary>
internal sealed class NoEchoFilter : IEchoFilter
{
    public Task<IReadOnlySet<string>> FindBackfillTransactionsAsync(IReadOnlyCollection<string> transactionIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());
}
