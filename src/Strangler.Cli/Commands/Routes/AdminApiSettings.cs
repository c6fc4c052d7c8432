namespace Strangler.Cli.Commands.Routes;

/// <summary>Where the gateway's admin API is and the token for it.</summary>
/// <param name="Gateway">The gateway's base URL.</param>
/// <param name="Token">The admin bearer token.</param>
internal sealed record AdminApiSettings(Uri Gateway, string Token);
