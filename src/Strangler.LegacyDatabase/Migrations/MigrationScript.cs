using System.Security.Cryptography;
using System.Text;

namespace Strangler.LegacyDatabase.Migrations;

/// <summary>One ordered SQL script, <c>NNNN_name.sql</c>.</summary>
public sealed record MigrationScript
{
    /// <summary>File name, e.g. <c>0001_applied_events.sql</c>; scripts run in ordinal order of this name.</summary>
    public required string Name { get; init; }

    /// <summary>The SQL text.</summary>
    public required string Sql { get; init; }

    /// <summary>SHA-256 of the text with line endings normalised, lower-case hex (a checkout's CRLF is no change).</summary>
    public string Checksum => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n").Trim())));
}
