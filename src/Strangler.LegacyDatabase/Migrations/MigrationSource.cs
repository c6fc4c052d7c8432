using System.Text.RegularExpressions;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.LegacyDatabase.Migrations;

/// <summary>
/// Finds the scripts for a provider: from a folder (<c>migrations/</c> with one sub-folder per provider) or from the
/// copies embedded in this assembly at build time, so the CLI works from any directory.
/// </summary>
public static partial class MigrationSource
{
    /// <summary>The folder name of a provider under <c>migrations/</c>.</summary>
    public static string FolderName(LegacyProvider provider) => provider switch
    {
        LegacyProvider.SqlServer => "sqlserver",
        LegacyProvider.Postgres => "postgres",
        _ => "sqlite",
    };

    /// <summary>Scripts in <paramref name="root"/>/&lt;provider&gt;/, ordered by name.</summary>
    public static IReadOnlyList<MigrationScript> FromDirectory(string root, LegacyProvider provider)
    {
        var folder = Path.Combine(root, FolderName(provider));
        if (!Directory.Exists(folder))
        {
            throw new MigrationException($"Migrations folder '{folder}' does not exist.");
        }
        return Order(Directory.EnumerateFiles(folder, "*.sql")
            .Select(f => new MigrationScript { Name = Path.GetFileName(f), Sql = File.ReadAllText(f) }));
    }

    /// <summary>The scripts embedded in Strangler.LegacyDatabase for <paramref name="provider"/>, ordered by name.</summary>
    public static IReadOnlyList<MigrationScript> Embedded(LegacyProvider provider)
    {
        var assembly = typeof(MigrationSource).Assembly;
        var prefix = "migrations/" + FolderName(provider) + "/";
        return Order(assembly.GetManifestResourceNames()
            .Where(n => n.Replace('\\', '/').StartsWith(prefix, StringComparison.Ordinal))
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return new MigrationScript { Name = n.Replace('\\', '/')[prefix.Length..], Sql = reader.ReadToEnd() };
            }));
    }

    private static IReadOnlyList<MigrationScript> Order(IEnumerable<MigrationScript> scripts)
    {
        var list = scripts.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var errors = list.Where(s => !ScriptName().IsMatch(s.Name))
            .Select(s => $"'{s.Name}' is not named NNNN_name.sql")
            .Concat(list.GroupBy(s => s.Name[..Math.Min(4, s.Name.Length)]).Where(g => g.Count() > 1)
                .Select(g => $"number {g.Key} is used by {string.Join(" and ", g.Select(s => s.Name))}"))
            .ToList();
        if (errors.Count > 0)
        {
            throw new MigrationException("Invalid migration scripts: " + string.Join("; ", errors) + ".");
        }
        return list;
    }

    [GeneratedRegex(@"^\d{4}_[A-Za-z0-9_\-]+\.sql$")]
    private static partial Regex ScriptName();
}
