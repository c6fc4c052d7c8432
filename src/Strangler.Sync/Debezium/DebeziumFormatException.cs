namespace Strangler.Sync.Debezium;

/// <summary>A message that is not a valid Debezium change event; the message names what is wrong and where.</summary>
public sealed class DebeziumFormatException : Exception
{
    /// <summary>Creates the error for the JSON location <paramref name="path"/> (e.g. <c>value $.payload.op</c>).</summary>
    public DebeziumFormatException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>Which part of the message: <c>key</c> or <c>value</c>, then a JSON path.</summary>
    public string Path { get; }

    /// <summary>What is wrong there.</summary>
    public string Problem { get; }
}
