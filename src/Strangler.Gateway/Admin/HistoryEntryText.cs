using System.Text;
using System.Text.Json;
using Strangler.Json;

namespace Strangler.Gateway.Admin;

/// <summary>Why a history entry (a line of <c>history.jsonl</c>, a row of the fleet's history) does not read.</summary>
internal static class HistoryEntryText
{
    /// <summary>
    /// The column and JSON path of the value at fault, then the reason: <c>column 212 ($.route.mode): ...</c>. An entry
    /// is one long line, so its column, not a line, says where.
    /// </summary>
    public static string Describe(string entry, JsonException ex)
    {
        if (ex.LineNumber is null)
        {
            return ex.Message;
        }

        var (_, column, reason) = JsonErrorPosition.Locate(Encoding.UTF8.GetBytes(entry), ex);
        return $"column {column}{(ex.Path is { Length: > 1 } inside ? $" ({inside})" : "")}: {reason}";
    }
}
