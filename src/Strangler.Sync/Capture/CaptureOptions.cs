namespace Strangler.Sync.Capture;

/// <summary>The built-in capture for a SQLite legacy database (<c>Strangler:Sync:Capture</c>).</summary>
public sealed record CaptureOptions
{
    /// <summary>Turns the capture on.</summary>
    public bool Enabled { get; init; }

    /// <summary>The SQLite connection string of the legacy database, e.g. <c>Data Source=legacy.db</c>.</summary>
    public string ConnectionString { get; init; } = string.Empty;

    /// <summary>Tables to capture (each needs a primary key).</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>Topic prefix; topics are <c>&lt;prefix&gt;.&lt;schema&gt;.&lt;table&gt;</c>.</summary>
    public string TopicPrefix { get; init; } = "legacy";

    /// <summary>The schema name used in topics and events (SQLite has none; <c>dbo</c> mimics the SQL Server source).</summary>
    public string Schema { get; init; } = "dbo";

    /// <summary>The database name written into the events' source block.</summary>
    public string Database { get; init; } = "legacy";

    /// <summary>How often the change table is polled.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The most changes published per poll.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>The topic of <paramref name="table"/>.</summary>
    public string TopicFor(string table) => $"{TopicPrefix}.{Schema}.{table}";
}
