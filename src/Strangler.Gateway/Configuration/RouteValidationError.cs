namespace Strangler.Gateway.Configuration;

/// <summary>One problem found in a route file.</summary>
/// <param name="File">The file name (e.g. <c>customers.json</c>), or the directory for problems spanning files.</param>
/// <param name="Field">The JSON field at fault (e.g. <c>canaryPercentage</c>, <c>paths[1]</c>), empty for the whole file.</param>
/// <param name="Message">What is wrong.</param>
public sealed record RouteValidationError(string File, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        Field.Length == 0 ? $"{File}: {Message}" : $"{File}: {Field}: {Message}";
}
