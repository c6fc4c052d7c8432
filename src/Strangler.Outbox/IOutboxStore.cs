namespace Strangler.Outbox;

/// <summary>Where staged events wait for the relay (the service's own database).</summary>
internal interface IOutboxStore
{
    /// <summary>Up to <paramref name="max"/> unpublished events, oldest first.</summary>
    IReadOnlyList<(long Sequence, CloudEvent Event)> FetchPending(int max);

    /// <summary>Marks events acknowledged by the broker.</summary>
    void MarkSent(IReadOnlyCollection<long> sequences, DateTimeOffset sentAt);

    /// <summary>Deletes published events sent before <paramref name="before"/>; returns how many.</summary>
    int PruneSent(DateTimeOffset before);
}
