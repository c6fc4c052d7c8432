namespace Strangler.Gateway.Configuration;

/// <summary>One problem found in a route file.</summary>
/// <param name="File">The file name (e.g. <c>customers.json</c>), or the directory for problems spanning files.</param>
/// <param name="Field">The JSON field at fault (e.g. <c>canaryPercentage</c>, <c>paths[1]</c>), empty for the whole file.</param>
/// <param name="Message">What is wrong.</param>
public sealed record RouteValidationError(string File, string Field, string Message)
{
    /// <summary>
    /// The line (from 1, as editors number it) of the value at fault, of the property for an unknown or repeated field,
    /// or of the enclosing object for a missing one; null when there is no text to point into (a table built in memory,
    /// a file that cannot be read or holds nothing).
    /// </summary>
    public int? Line { get; init; }

    /// <summary>The column (from 1, in characters) on <see cref="Line"/>; null when <see cref="Line"/> is.</summary>
    public int? Column { get; init; }

    // Unknown and repeated fields are wrong by their name, not their value: they are located at the name.
    internal bool AtPropertyName { get; init; }

    /// <summary><c>customers.json:7:23: canaryPercentage: 150 is out of range 0..100</c>, the position as compilers print
    /// it (editors and terminals open the file there); without it when not known, and without the file for a problem
    /// no file holds (the fleet's route store: <c>store: ...</c>).</summary>
    public override string ToString()
    {
        var where = (Line, Column) switch
        {
            ({ } line, { } column) => $"{File}:{line}:{column}",
            ({ } line, null) => $"{File}:{line}",
            _ => File,
        };
        var what = Field.Length == 0 ? Message : $"{Field}: {Message}";
        return where.Length == 0 ? what : $"{where}: {what}";
    }
}
