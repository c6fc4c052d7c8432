namespace Strangler.Benchmarks.Load;

/// <summary>How hard and how long wrk drives each target.</summary>
internal sealed record WrkSettings
{
    /// <summary>The wrk executable.</summary>
    public string Executable { get; init; } = "wrk";

    /// <summary>wrk threads (<c>-t</c>).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Open connections (<c>-c</c>).</summary>
    public int Connections { get; init; } = 64;

    /// <summary>Run length in seconds (<c>-d</c>).</summary>
    public int DurationSeconds { get; init; } = 5;
}
