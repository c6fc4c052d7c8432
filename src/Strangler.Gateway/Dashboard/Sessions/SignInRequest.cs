namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>Body of the sign-in request: the gateway's admin token, sent once and never stored in the browser.</summary>
internal sealed record SignInRequest(string? Token);
