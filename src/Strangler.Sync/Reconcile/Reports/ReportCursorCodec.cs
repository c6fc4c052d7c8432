using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Strangler.Sync.Reconcile.Reports;

/// <summary>
/// Turns a <see cref="ReportCursor"/> into the opaque continuation token a client sends back, and checks one it
/// receives. The token is the cursor's text and an HMAC-SHA256 tag (16 bytes) in base64url. The tag's key derives from
/// the access token, so the same position always gives the same token, across restarts and on every worker that shares
/// the access token, while a token a client edits or makes up is refused. Rotating the access token voids every token.
/// </summary>
internal sealed class ReportCursorCodec
{
    private const int TagBytes = 16;
    private const string Version = "r1";

    private readonly byte[] _key;

    public ReportCursorCodec(string accessToken) =>
        _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessToken), "strangler reconcile report cursor"u8);

    public string Encode(ReportCursor cursor)
    {
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}\n{cursor.Projection}\n{cursor.Run}\n{cursor.Offset}"));
        var token = new byte[payload.Length + TagBytes];
        payload.CopyTo(token, 0);
        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, payload, tag);
        tag[..TagBytes].CopyTo(token.AsSpan(payload.Length));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>Reads <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong with it.</summary>
    public bool TryDecode(string text, out ReportCursor cursor, out string problem)
    {
        cursor = default;
        byte[] token;
        try
        {
            token = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            problem = "the cursor is not base64url text: send back a cursor exactly as a line of this endpoint gave it";
            return false;
        }

        if (token.Length <= TagBytes)
        {
            problem = "the cursor is too short to be one this endpoint gave";
            return false;
        }

        var payload = token.AsSpan(0, token.Length - TagBytes);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[..TagBytes], token.AsSpan(payload.Length)))
        {
            problem = "the cursor's signature does not match: it was altered, made up, or given before the access token changed";
            return false;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        if (parts.Length != 4 || parts[0] != Version
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            problem = "the cursor's version is not one this worker reads";
            return false;
        }

        cursor = new ReportCursor(parts[1], parts[2], offset);
        problem = string.Empty;
        return true;
    }
}
