namespace Strangler.Outbox.Relay;

/// <summary>Registered by <see cref="OutboxBuilder.WithoutRelay"/>: this host stages events and publishes none.</summary>
internal sealed class RelayOff;
