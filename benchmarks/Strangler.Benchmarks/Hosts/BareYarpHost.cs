namespace Strangler.Benchmarks.Hosts;

/// <summary>
/// The bare YARP baseline, run as its own process (<c>Strangler.Benchmarks serve bare-yarp</c>): the program of YARP's
/// getting-started guide, word for word, over the guide's <c>appsettings.json</c> (Hosts/BareYarp, the process's working
/// directory). The benchmark passes the upstream's address and the port on the command line.
/// </summary>
internal static class BareYarpHost
{
    /// <summary>The folder, next to the benchmark's binaries, that holds the guide's appsettings.json.</summary>
    public static string ContentRoot => Path.Combine(AppContext.BaseDirectory, "Hosts", "BareYarp");

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
        return 0;
    }
}
