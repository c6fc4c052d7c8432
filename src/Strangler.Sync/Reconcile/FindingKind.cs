namespace Strangler.Sync.Reconcile;

/// <summary>What a finding says about a key.</summary>
internal static class FindingKind
{
    /// <summary>The legacy row exists, the new store has no live document.</summary>
    public const string MissingInNew = "missing-in-new";

    /// <summary>The new store has a live document, the legacy table has no row.</summary>
    public const string MissingInLegacy = "missing-in-legacy";

    /// <summary>Both exist and some fields differ.</summary>
    public const string Different = "different";

    /// <summary>The key could not be read or compared; <see cref="Finding.Error"/> says why.</summary>
    public const string Error = "error";
}
