namespace Strangler.Sync.Reconcile;

/// <summary>The comparison of one key: its finding (null when both sides agree) and what the comparison read.</summary>
internal sealed record KeyOutcome(object Key, Finding? Finding, LegacyEntity? Legacy, IReadOnlyDictionary<string, object?>? Stored, ExpectedDocument? Expected);
