using System.Text;
using Microsoft.Net.Http.Headers;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// A multipart/form-data body as a sample shows it: one line per part, <c>name=value</c> for a field (its value
/// <c>[redacted]</c> when the name looks secret), <c>name: file "a.png", 2048 bytes</c> for a file, whose content is
/// never shown. Parsed from the kept bytes (RFC 7578: CRLF line ends, the boundary from the <c>Content-Type</c>).
/// </summary>
internal static class MultipartSummary
{
    /// <summary>The boundary when <paramref name="contentType"/> is multipart/form-data with one, else null.</summary>
    public static string? Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(media.Boundary) is { Length: > 0 } boundary
            ? boundary.Value
            : null;

    /// <summary>The parts, or null when the body is not a whole multipart body with this boundary (a cut one, say).</summary>
    public static string? Describe(ReadOnlySpan<byte> body, string boundary)
    {
        var delimiter = Encoding.UTF8.GetBytes("\r\n--" + boundary);
        var first = body.IndexOf(delimiter.AsSpan(2));
        if (first < 0)
        {
            return null;
        }

        var rest = body[(first + delimiter.Length - 2)..];
        var lines = new StringBuilder();
        while (!rest.StartsWith("--"u8))
        {
            var lineEnd = rest.IndexOf("\r\n"u8);
            var next = rest.IndexOf(delimiter);
            if (lineEnd < 0 || next < lineEnd + 2)
            {
                return null;
            }

            lines.Append(Part(rest[(lineEnd + 2)..next])).Append('\n');
            rest = rest[(next + delimiter.Length)..];
        }

        return lines.ToString();
    }

    private static string Part(ReadOnlySpan<byte> part)
    {
        // Headers, a blank line, the content; with no headers the part starts with the blank line.
        var blank = part.StartsWith("\r\n"u8) ? 0 : part.IndexOf("\r\n\r\n"u8);
        if (blank < 0)
        {
            return $"(a part without headers): {part.Length} bytes";
        }

        var content = part[(blank + (blank == 0 ? 2 : 4))..];
        var disposition = Encoding.UTF8.GetString(part[..blank]).Split("\r\n")
            .Select(h => h.Split(':', 2))
            .FirstOrDefault(h => h.Length == 2 && h[0].Trim().Equals(HeaderNames.ContentDisposition, StringComparison.OrdinalIgnoreCase));
        if (disposition is null || !ContentDispositionHeaderValue.TryParse(disposition[1].Trim(), out var header)
            || HeaderUtilities.RemoveQuotes(header.Name).Value is not { Length: > 0 } name)
        {
            return $"(a part without a name): {content.Length} bytes";
        }

        if (header.FileName.HasValue || header.FileNameStar.HasValue)
        {
            var file = HeaderUtilities.RemoveQuotes(header.FileNameStar.HasValue ? header.FileNameStar : header.FileName);
            return $"{name}: file \"{file}\", {content.Length} bytes";
        }

        return SecretNames.LooksInQuery(name) ? $"{name}={SampleRedactor.Redacted}" : $"{name}={Encoding.UTF8.GetString(content)}";
    }
}
