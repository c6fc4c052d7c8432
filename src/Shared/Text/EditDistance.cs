namespace Strangler.Text;

/// <summary>
/// How many edits turn one name into another, for the "did you mean" of a mistyped route-file field or command-line
/// option. A swap of two neighbours counts as one edit (optimal string alignment), as in "mdoe" for "mode" or "--ulrs"
/// for "--urls": the commonest typo, which plain Levenshtein counts as two.
/// </summary>
internal static class EditDistance
{
    /// <summary>The edits between <paramref name="a"/> and <paramref name="b"/>, compared character by character.</summary>
    /// <remarks>Quadratic in the names' lengths; callers compare names of a few dozen characters.</remarks>
    public static int Between(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
