namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>Source of unguessable session ids and CSRF tokens; injected so tests can make them predictable.</summary>
internal interface ISecretSource
{
    /// <summary>Returns a new random URL-safe token.</summary>
    string NewToken();
}
