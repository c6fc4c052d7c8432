namespace Strangler.Gateway.Configuration;

/// <summary>
/// The JSON text in a route file's bytes. A UTF-8 byte order mark (Windows editors and PowerShell write one) is skipped,
/// so the file is read and its positions count from the first character an editor shows; a file that holds nothing
/// or is UTF-16 is refused by name rather than with the parser's "invalid start of a value" at line 1.
/// </summary>
internal static class RouteFileText
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The bytes without a leading UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Utf8Bom) ? bytes[Utf8Bom.Length..] : bytes;

    /// <summary>Why <paramref name="bytes"/> cannot hold a route at all, or null.</summary>
    public static string? Problem(ReadOnlySpan<byte> bytes)
    {
        // "Unicode" in Windows Notepad and PowerShell 5's default: a BOM, or ASCII text with every other byte zero.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            || (bytes.Length >= 2 && (bytes[0] == 0 || bytes[1] == 0)))
        {
            return "is UTF-16 encoded; route files must be UTF-8 (save it as UTF-8 in the editor)";
        }

        return WithoutBom(bytes).Trim(" \t\r\n"u8).IsEmpty
            ? "is empty; a route file holds one JSON object describing one sub-domain, with at least name, paths, legacy, new and mode (see routes/README.md)"
            : null;
    }
}
