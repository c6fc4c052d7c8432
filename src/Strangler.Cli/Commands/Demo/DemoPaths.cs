using Microsoft.Data.Sqlite;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// The demo's files in its work directory: the running demo creates them, and <c>strangler demo reconcile</c> (another
/// process) opens the same ones, so both read the layout from here.
/// </summary>
internal sealed record DemoPaths(string WorkDirectory)
{
    /// <summary>The monolith's SQLite database.</summary>
    public string LegacyDatabase => Path.Combine(WorkDirectory, "legacy-monolith.db");

    /// <summary>The Customers service's LiteDB file, which the sync worker projects into.</summary>
    public string CustomersDatabase => Path.Combine(WorkDirectory, "customers-service.db");

    /// <summary>The demo's copy of the route files (flips are written here).</summary>
    public string RoutesDirectory => Path.Combine(WorkDirectory, "routes");

    /// <summary>The monolith's database as the capture, the backfill, the key allocator and reconcile open it.</summary>
    public string LegacyConnectionString =>
        new SqliteConnectionStringBuilder { DataSource = LegacyDatabase, DefaultTimeout = 30 }.ToString();

    /// <summary>
    /// The default work directory: <c>.strangler/demo</c> beside the routes directory (the repository root), so the demo
    /// keeps one state folder wherever it is started from.
    /// </summary>
    public static string DefaultWorkDirectory(string routesSource) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(routesSource))!, ".strangler", "demo");
}
