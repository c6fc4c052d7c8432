using Strangler.Gateway.Dashboard.Inventory;

namespace Strangler.Gateway.Dashboard.Api;

/// <summary>The learned endpoints, the retirement threshold and how many requests the template cap turned away.</summary>
internal sealed record InventoryDto(int RetireAfterDays, long Dropped, IReadOnlyList<InventoryEntry> Entries);
