using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Writes and reads a <see cref="RouteMode"/> in the spelling of route files and the admin API (<c>legacy</c>,
/// <c>canary</c>, <c>new</c>) whatever serializer options a caller uses, so a request type posted by the CLI reads
/// the same as one typed by hand.
/// </summary>
internal sealed class RouteModeJsonConverter() : StrictEnumConverter<RouteMode>(JsonNamingPolicy.CamelCase);
