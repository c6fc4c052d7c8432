using System.Security.Cryptography;

namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>Session ids and CSRF tokens must not be guessable, so they come from the OS crypto generator.</summary>
internal sealed class CryptoSecretSource : ISecretSource
{
    public string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
