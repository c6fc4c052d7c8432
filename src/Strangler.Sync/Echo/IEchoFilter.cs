namespace Strangler.Sync.Echo;

/// <summary>
/// Lets the CDC side recognise changes that the backfill itself wrote, so they do not travel back to the new
/// service (no echo). Give it the transaction identities of a batch of captured changes; it returns those that
/// belong to backfill transactions, whose changes must be skipped.
/// </summary>
internal interface IEchoFilter
{
    /// <summary>
    /// Of <paramref name="transactionIds"/> (PostgreSQL: Debezium's <c>source.txId</c>; SQL Server: <c>source.commit_lsn</c>),
    /// the ones written by the backfill.
    /// </summary>
    Task<IReadOnlySet<string>> FindBackfillTransactionsAsync(IReadOnlyCollection<string> transactionIds, CancellationToken cancellationToken);
}
