using Strangler.Sync.Backfill;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// The events that make the legacy rows of one finding's key what the new store says, each with its
/// <see cref="RepairStage"/>, and the finding as it is reported once they are applied.
/// </summary>
/// <param name="Index">The finding's place in its batch.</param>
/// <param name="Events">The mapped events, in the order they were raised.</param>
/// <param name="Outcome">The finding as reported when every event applies.</param>
internal sealed record KeyRepair(int Index, IReadOnlyList<(RepairStage Stage, MappedEvent Event)> Events, Finding Outcome);
