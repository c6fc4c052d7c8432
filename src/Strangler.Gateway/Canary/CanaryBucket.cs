using System.IO.Hashing;
using System.Text;

namespace Strangler.Gateway.Canary;

/// <summary>
/// Maps (cohort, user key) to a stable bucket in 0..9999. A user goes to the new side when bucket &lt; percentage*100,
/// so raising the percentage only ever adds buckets: users move legacy → new, never back.
/// XxHash3 rather than string.GetHashCode because the bucket must be the same in every process and every release
/// (XxHash3 is a fixed, published algorithm), and rather than SHA-256 because nothing here needs a cryptographic hash:
/// a client that controls its user key can pick its side under either, and SHA-256 cost a canary request about
/// 0.7 µs against XxHash3's few nanoseconds.
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
        return (int)(XxHash3.HashToUInt64(buffer) % Count);
    }

    public static bool IsNew(int bucket, int percentage) => bucket < percentage * (Count / 100);
}
