using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

/// <summary><c>strangler sample ...</c> is how docker-compose.yml runs the samples from the one image.</summary>
public sealed class SampleCommandTests
{
    [Theory]
    [InlineData("legacy-monolith", "LegacyMonolith", 5)]
    [InlineData("customers-service", "CustomersService", 0)]
    public async Task Sample_WithUrlsAndDatabasePath_ServesCustomers(string sample, string section, int expectedCustomers)
    {
        using var directory = new TempDirectory();
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = StranglerCommand.Create()
            .Parse(["sample", sample, $"--urls={url}", $"--{section}:DatabasePath={directory.Combine("store.db")}",
                "--Logging:LogLevel:Default=Warning"])
            .InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null }, cancel.Token);

        using var http = new HttpClient();
        using var response = await HttpPolling.GetWhenUpAsync(http, url + "/customers", run);
        var customers = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(expectedCustomers, customers.GetArrayLength());
        Assert.True(File.Exists(directory.Combine("store.db")));
        await cancel.CancelAsync();
        Assert.Equal(0, await run);
    }
}
