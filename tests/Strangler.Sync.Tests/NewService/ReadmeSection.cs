namespace Strangler.Sync.Tests.NewService;

/// <summary>The "Writing a new service" section of the repository's README.md, and its code blocks.</summary>
internal sealed class ReadmeSection(string text)
{
    private const string Heading = "## Writing a new service";

    public static ReadmeSection Load()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("\n" + Heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has a section '{Heading}'");
        var end = readme.IndexOf("\n## ", start + Heading.Length + 2, StringComparison.Ordinal);
        return new ReadmeSection(end < 0 ? readme[start..] : readme[start..end]);
    }

    /// <summary>The one <c>json</c> block of the section that contains <paramref name="marker"/>.</summary>
    public string JsonBlock(string marker) => Assert.Single(Blocks("json"), b => b.Contains(marker, StringComparison.Ordinal));

    /// <summary>The one <c>csharp</c> block of the section.</summary>
    public string CSharpBlock() => Assert.Single(Blocks("csharp"));

    private List<string> Blocks(string language)
    {
        var blocks = new List<string>();
        var open = "```" + language + "\n";
        for (var at = text.IndexOf(open, StringComparison.Ordinal); at >= 0; at = text.IndexOf(open, at + 1, StringComparison.Ordinal))
        {
            var body = at + open.Length;
            blocks.Add(text[body..text.IndexOf("```", body, StringComparison.Ordinal)]);
        }

        return blocks;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "migrations")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No README.md and migrations/ above " + AppContext.BaseDirectory);
    }
}
