namespace Strangler.Gateway.Configuration;

/// <summary>Reads a file whole only when it is within a size limit, never reading more than the limit plus one byte.</summary>
internal static class RouteFileBytes
{
    /// <summary>The file's bytes, or null when it holds more than <paramref name="limit"/> bytes.</summary>
    public static byte[]? ReadAtMost(string path, int limit)
    {
        // The length is not trusted up front: the file may be growing, or be a pipe or a symlink to one.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        using var content = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (content.Length <= limit)
        {
            var read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit + 1 - content.Length));
            if (read == 0)
            {
                return content.ToArray();
            }

            content.Write(chunk, 0, read);
        }

        return null;
    }
}
