using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Compares two answers: status code, the plan's allow-listed headers, then the body: as JSON when both parse, by
/// bytes otherwise, and by length and SHA-256 when either was larger than the plan's <c>maxBodyBytes</c>.
/// </summary>
internal static class AnswerComparer
{
    public const string StatusField = "status";
    public const string BodyField = "body";
    public const string HeaderFieldPrefix = "header:";

    public static AnswerComparison Compare(ShadowPlan plan, ShadowAnswer legacy, ShadowAnswer @new)
    {
        var differences = new List<Difference>();
        if (legacy.Status != @new.Status)
        {
            differences.Add(new(StatusField, StatusField, DiffKind.Value, legacy.Status.ToString(), @new.Status.ToString()));
        }

        foreach (var name in plan.CompareHeaders)
        {
            var left = legacy.Header(name);
            var right = @new.Header(name);
            if (left != right)
            {
                var field = HeaderFieldPrefix + name.ToLowerInvariant();
                var kind = left is null ? DiffKind.Extra : right is null ? DiffKind.Missing : DiffKind.Value;
                differences.Add(new(field, field, kind, left, right));
            }
        }

        if (legacy.Body.Truncated || @new.Body.Truncated)
        {
            if (legacy.Body.Length != @new.Body.Length || !legacy.Body.Digest().AsSpan().SequenceEqual(@new.Body.Digest()))
            {
                differences.Add(new(BodyField, BodyField, DiffKind.Value, Describe(legacy.Body), Describe(@new.Body)));
            }

            return new AnswerComparison(differences, TooLarge: true);
        }

        // Identical bytes are identical answers: the common case once a service is right, and parsing both sides
        // to learn that cost most of a shadow's CPU in the benchmark.
        if (legacy.Body.Kept.Span.SequenceEqual(@new.Body.Kept.Span)
            && string.Equals(legacy.Header("Content-Encoding"), @new.Header("Content-Encoding"), StringComparison.OrdinalIgnoreCase))
        {
            return new AnswerComparison(differences, TooLarge: false);
        }

        var leftBody = Decoded(legacy, plan.Settings.MaxBodyBytes);
        var rightBody = Decoded(@new, plan.Settings.MaxBodyBytes);
        var leftJson = TryParse(leftBody);
        var rightJson = TryParse(rightBody);
        using (leftJson)
        using (rightJson)
        {
            if (leftJson is not null && rightJson is not null)
            {
                differences.AddRange(JsonComparer.Compare(leftJson.RootElement, rightJson.RootElement, plan.Rules));
            }
            else if (!leftBody.Span.SequenceEqual(rightBody.Span))
            {
                var kind = (leftJson is null) == (rightJson is null) ? DiffKind.Value : DiffKind.Type;
                differences.Add(new(BodyField, BodyField, kind, Text(leftBody), Text(rightBody)));
            }
        }

        return new AnswerComparison(differences, TooLarge: false);
    }

    /// <summary>The body as the client reads it: gzip, deflate and br undone, so an encoded answer still compares by field.</summary>
    /// <remarks>Decoded output is bounded by <paramref name="max"/>: past it the encoded bytes are compared instead.</remarks>
    public static ReadOnlyMemory<byte> Decoded(ShadowAnswer answer, long max)
    {
        var encoding = answer.Header("Content-Encoding")?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(encoding) || encoding == "identity")
        {
            return answer.Body.Kept;
        }

        try
        {
            using var input = new MemoryStream(answer.Body.Kept.ToArray());
            using Stream decoder = encoding switch
            {
                "gzip" => new GZipStream(input, CompressionMode.Decompress),
                "deflate" => new ZLibStream(input, CompressionMode.Decompress),
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                _ => input,
            };
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = decoder.Read(chunk)) > 0)
            {
                if (output.Length + read > max)
                {
                    return answer.Body.Kept;
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return answer.Body.Kept;
        }
    }

    private static JsonDocument? TryParse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(CappedBuffer body) => $"{body.Length} bytes, sha256 {Convert.ToHexStringLower(body.Digest())}";

    private static string Text(ReadOnlyMemory<byte> body)
    {
        var length = Math.Min(body.Length, DifferenceRedactor.MaxValueChars);
        var text = Encoding.UTF8.GetString(body.Span[..length]);
        return body.Length > length ? text + "…" : text;
    }
}
