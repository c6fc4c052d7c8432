using System.Text.Json.Nodes;
using Strangler.Cli.Commands.Demo;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Demo;

public sealed class DemoRoutesTests
{
    // Bug: the demo's copy of a route file was written with the default JSON encoder, so a path "/größen" read
    // "/gr\u00F6\u00DFen" and "&" read "\u0026" in the files the demo's gateway serves, flips and shows.
    [Fact]
    public async Task CopyAsync_WritesTheFilesCharactersAsTheyAre_AndPointsTheUpstreamsAtTheDemosPorts()
    {
        using var directory = new TempDirectory();
        var source = directory.Combine("routes");
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "sizes.json"), """
            {
              "name": "sizes",
              "paths": ["/größen", "/größen/{**rest}"],
              "legacy": "http://127.0.0.1:5101",
              "new": "http://127.0.0.1:5102",
              "mode": "legacy",
              "cohort": "Müller & O'Brien + <b>"
            }
            """, TestContext.Current.CancellationToken);

        await DemoRoutes.CopyAsync(source, directory.Combine("copy"), new Uri("http://127.0.0.1:6101"),
            new Uri("http://127.0.0.1:6102"), TestContext.Current.CancellationToken);

        var text = await File.ReadAllTextAsync(directory.Combine("copy", "sizes.json"), TestContext.Current.CancellationToken);
        Assert.Contains("\"/größen/{**rest}\"", text);
        Assert.Contains("\"Müller & O'Brien + <b>\"", text);
        Assert.DoesNotContain("\\u", text);
        var route = JsonNode.Parse(text)!;
        Assert.Equal("http://127.0.0.1:6101", route["legacy"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:6102", route["new"]!.GetValue<string>());
    }
}
