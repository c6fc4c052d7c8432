using Strangler.Sync.Hosting;

namespace Strangler.Sync.Projection;

/// <summary>
/// Finds a projection by name among those configured, for the commands that take one (<c>reconcile</c>, <c>load</c>,
/// <c>cdc decode --projection</c>); a name not found is said with the names that are.
/// </summary>
internal static class ConfiguredProjection
{
    /// <summary>Why <paramref name="name"/> names none of <paramref name="projections"/>; null when it names one.</summary>
    public static string? Problem(IReadOnlyList<ProjectionOptions> projections, string name)
    {
        if (projections.Count == 0)
        {
            // Run from another folder than the worker's (the repository root, say), the job found no settings at all,
            // and said only "no projection is named 'x' (known: )".
            return $"{SyncOptions.SectionName}:Projections: none is configured; the command reads appsettings.json in the current folder " +
                $"({Directory.GetCurrentDirectory()}{(File.Exists("appsettings.json") ? string.Empty : ", which has none")}), Strangler__ environment " +
                "variables and --Strangler:Sync:... arguments, as the sync worker does: run it from the worker's folder";
        }

        return projections.Any(p => p.Name == name)
            ? null
            : $"{SyncOptions.SectionName}:Projections: no projection is named '{name}' (known: {string.Join(", ", projections.Select(p => p.Name))})";
    }
}
