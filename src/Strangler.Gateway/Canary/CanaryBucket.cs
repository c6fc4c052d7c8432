using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Strangler.Gateway.Canary;

/// <summary>
/// Maps (cohort, user key) to a stable bucket in 0..9999. A user goes to the new side when bucket &lt; percentage*100,
/// so raising the percentage only ever adds buckets: users move legacy → new, never back. SHA-256 rather than
/// string.GetHashCode because the bucket must be the same in every process and every release.
/// </summary>
internal static class CanaryBucket
{
    public const int Count = 10_000;

    public static int Of(string cohort, string userKey)
    {
        var length = Encoding.UTF8.GetByteCount(cohort) + 1 + Encoding.UTF8.GetByteCount(userKey);
        var buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(cohort, buffer);
        buffer[written] = 0; // separator: ("ab","c") and ("a","bc") must differ
        Encoding.UTF8.GetBytes(userKey, buffer[(written + 1)..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer, hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % Count);
    }

    public static bool IsNew(int bucket, int percentage) => bucket < percentage * (Count / 100);
}
