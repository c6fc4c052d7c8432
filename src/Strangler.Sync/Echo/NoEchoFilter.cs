namespace Strangler.Sync.Echo;

/// <summary>For SQLite, where backfill changes are never captured in the first place, or when no echo filter is configured.</summary>
internal sealed class NoEchoFilter : IEchoFilter
{
    public Task<IReadOnlySet<string>> FindBackfillTransactionsAsync(IReadOnlyCollection<string> transactionIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());
}
