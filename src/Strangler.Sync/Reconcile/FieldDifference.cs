using System.Text.Json.Serialization;

namespace Strangler.Sync.Reconcile;

/// <summary>One field that differs: its path (<c>name</c>, <c>addresses[10].City</c>, <c>addresses[10]</c>) and both values.</summary>
/// <param name="Field">The field's path in the document.</param>
/// <param name="Legacy">The value the legacy rows give (through the projection's mapping); null when absent.</param>
/// <param name="New">The value in the new store; null when absent.</param>
// Both values are written even when null: "absent on this side" is the finding.
internal sealed record FieldDifference(
    string Field,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Legacy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? New);
