namespace Strangler.Sync.Reconcile;

/// <summary>One field that differs: its path (<c>name</c>, <c>addresses[10].City</c>, <c>addresses[10]</c>) and both values.</summary>
/// <param name="Field">The field's path in the document.</param>
/// <param name="Legacy">The value the legacy rows give (through the projection's mapping); null when absent.</param>
/// <param name="New">The value in the new store; null when absent.</param>
public sealed record FieldDifference(string Field, object? Legacy, object? New);
