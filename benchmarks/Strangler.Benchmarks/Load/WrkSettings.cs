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

    /// <summary>
    /// Milliseconds each connection waits after an answer before its next request (wrk's <c>delay()</c>); 0, the
    /// default, is closed loop: as fast as the server answers. A pause holds the offered load near
    /// <c>Connections * 1000 / (pause + latency)</c> requests/s, below saturation, where latency is the server's own
    /// and not the queue in front of it.
    /// </summary>
    public int PauseMilliseconds { get; init; }
}
